import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, expect, test } from 'vitest';
import { writeCombinedLog } from '../gen/logs/nginx-combined';
import { expectEachOnce, kill, outputLines, startFollower, waitFor } from './follow-process';

const root = mkdtempSync(join(tmpdir(), 'lantern-follow-owed-gone-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** One `extract --follow` run until the record `/seq/<last>` is out, stopped by SIGTERM: its stderr. */
async function followUntil(dir: string, out: string, inputs: string[], last: number): Promise<string> {
  const child = startFollower(dir, out, inputs);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  await waitFor(`/seq/${last}`, () => readFileSync(out, 'utf8').includes(`"/seq/${last}"`));
  const ended = new Promise((resolve) => child.stderr!.once('end', resolve));
  expect((await kill(child, 'SIGTERM')).code).toBe(0);
  await ended;
  return stderr;
}

/**
 * A run killed after it wrote /seq/5-7 and before the checkpoint covering them: five lines of `log` followed and
 * checkpointed, three more followed, then the state put back to the one before (saved in `dir`): three records owed.
 */
async function killedOwingThree(dir: string, log: string, out: string, stateDir: string, inputs: string[]): Promise<void> {
  await writeCombinedLog(log, 5, { sequencePaths: true });
  await followUntil(dir, out, inputs, 4);
  cpSync(stateDir, join(dir, 'saved'), { recursive: true });
  await writeCombinedLog(log, 3, { sequencePaths: true, firstIndex: 5, append: true });
  await followUntil(dir, out, inputs, 7);
  rmSync(stateDir, { recursive: true });
  cpSync(join(dir, 'saved'), stateDir, { recursive: true });
}

/** The output marks of the extract states in `stateDir`. */
function marks(stateDir: string): unknown[] {
  return readdirSync(stateDir)
    .filter((n) => /^extract-logs-.*\.json$/.test(n))
    .map((n) => (JSON.parse(readFileSync(join(stateDir, n), 'utf8')) as { output?: unknown }).output);
}

/**
 * Records a killed run wrote past its last checkpoint are owed per log (device and inode) and paid by the same
 * records made again. A log deleted while the follower was stopped makes none again: until 7 Dec the debt stayed in
 * every later mark, and the records of the new file at its name, which the name still tied to the old checkpoint,
 * paid it: as many new records were dropped.
 */
test('a log deleted while its records are owed: the new file at its name is written whole, and nothing stays owed', { timeout: 180_000 }, async () => {
  const dir = join(root, 'gone');
  const [log, out, stateDir] = [join(root, 'access.log'), join(root, 'out.jsonl'), join(dir, 'state')];
  await killedOwingThree(dir, log, out, stateDir, [log]);
  // Rotated away and removed while stopped: a new access.log replaces it (another inode, the old one is gone).
  const next = join(root, 'access.log.new');
  await writeCombinedLog(next, 4, { sequencePaths: true, firstIndex: 8 });
  renameSync(next, log);
  const stderr = await followUntil(dir, out, [log], 11);
  expectEachOnce(outputLines(out), 12);
  expect(stderr.match(/owed no more/g)).toEqual(['owed no more']);
  expect(stderr).toContain(`${log}: finished (gone, or at its end) with 3 records written before the restart not made again; they are owed no more`);
  expect(marks(stateDir)).toEqual([expect.not.objectContaining({ aheadBy: expect.anything() })]);
});

/**
 * copytruncate while stopped, with records owed: the lines past the checkpoint are read from the copy (another inode,
 * another name), the truncated file goes on at the old inode with new lines.
 */
test('a log copied and truncated while its records are owed: every line once', { timeout: 180_000 }, async () => {
  const dir = join(root, 'copytruncate');
  mkdirSync(dir);
  const [log, out, stateDir] = [join(dir, 'access.log'), join(dir, 'out.jsonl'), join(dir, 'state')];
  await killedOwingThree(dir, log, out, stateDir, [log]);
  copyFileSync(log, `${log}.1`);
  truncateSync(log, 0);
  await writeCombinedLog(log, 4, { sequencePaths: true, firstIndex: 8, append: true });
  await followUntil(dir, out, [log], 11);
  expectEachOnce(outputLines(out), 12);
});

/**
 * logrotate's `compress` without `delaycompress` while stopped, with records owed: the rest is read from the .gz (by the
 * tail of the log named, or as a directory's rotated file whose text the log's checkpoint read).
 */
test.each([
  ['the log', false],
  ['its directory', true],
])('a log rotated and compressed while its records are owed, %s followed: every line once', { timeout: 180_000 }, async (_, byDirectory) => {
  const dir = join(root, `compressed-${byDirectory}`);
  const logs = join(dir, 'logs');
  mkdirSync(logs, { recursive: true });
  const [log, out, stateDir] = [join(logs, 'access.log'), join(dir, 'out.jsonl'), join(dir, 'state')];
  const inputs = [byDirectory ? logs : log];
  await killedOwingThree(dir, log, out, stateDir, inputs);
  writeFileSync(`${log}.1.gz`, gzipSync(readFileSync(log)));
  rmSync(log);
  await writeCombinedLog(log, 4, { sequencePaths: true, firstIndex: 8 });
  await followUntil(dir, out, inputs, 11);
  expectEachOnce(outputLines(out), 12);
});

/**
 * Truncated in place with no copy kept while stopped (or deleted, and a new file given the same inode): the lines past
 * the checkpoint are gone, and the new lines at the inode are no records made again.
 */
test('a log truncated in place while its records are owed, no copy kept: its new lines are written', { timeout: 180_000 }, async () => {
  const dir = join(root, 'truncated');
  mkdirSync(dir);
  const [log, out, stateDir] = [join(dir, 'access.log'), join(dir, 'out.jsonl'), join(dir, 'state')];
  await killedOwingThree(dir, log, out, stateDir, [log]);
  truncateSync(log, 0);
  await writeCombinedLog(log, 4, { sequencePaths: true, firstIndex: 8, append: true });
  const stderr = await followUntil(dir, out, [log], 11);
  expectEachOnce(outputLines(out), 12);
  expect(stderr).toContain(`${log}: finished (gone, or at its end) with 3 records written before the restart not made again; they are owed no more`);
  expect(marks(stateDir)).toEqual([expect.not.objectContaining({ aheadBy: expect.anything() })]);
});

/**
 * Two sets of inputs into one output: `a.log`'s follower killed with records past its mark, `b.log`'s run in between.
 * Until 7 Dec b.log's marks, later, left a.log's records out, and a.log's restart wrote them twice.
 */
test("a log's records owed while another set's follower writes to the same output: every line once", { timeout: 180_000 }, async () => {
  const dir = join(root, 'two-sets');
  mkdirSync(dir);
  const [a, b, out, stateDir] = [join(dir, 'a.log'), join(dir, 'b.log'), join(dir, 'out.jsonl'), join(dir, 'state')];
  await killedOwingThree(dir, a, out, stateDir, [a]);
  await writeCombinedLog(b, 4, { sequencePaths: true, firstIndex: 8 });
  await followUntil(dir, out, [b], 11);
  await writeCombinedLog(a, 2, { sequencePaths: true, firstIndex: 12, append: true });
  await followUntil(dir, out, [a], 13);
  expectEachOnce(outputLines(out), 14);
});

/**
 * A directory's log deleted while its records are owed, no file at its name since: no tail finishes it. Until 7 Dec its
 * debt stayed in every mark, said at every start ('resumed: 3 records ...'), and every record was parsed for it.
 */
test('a log deleted from a directory followed while its records are owed: nothing stays owed', { timeout: 180_000 }, async () => {
  const dir = join(root, 'directory-gone');
  const logs = join(dir, 'logs');
  mkdirSync(logs, { recursive: true });
  const [a, b, out, stateDir] = [join(logs, 'a.log'), join(logs, 'b.log'), join(dir, 'out.jsonl'), join(dir, 'state')];
  await killedOwingThree(dir, a, out, stateDir, [logs]);
  // Written before a.log is deleted: another inode (one given a.log's is a file truncated in place, above).
  await writeCombinedLog(b, 4, { sequencePaths: true, firstIndex: 8 });
  rmSync(a);
  const stderr = await followUntil(dir, out, [logs], 11);
  expect(stderr).toContain(`${a}: finished (gone, or at its end) with 3 records written before the restart not made again; they are owed no more`);
  expect(marks(stateDir)).toEqual([expect.not.objectContaining({ aheadBy: expect.anything() })]);
  await writeCombinedLog(b, 1, { sequencePaths: true, firstIndex: 12, append: true });
  expect(await followUntil(dir, out, [logs], 12)).not.toContain('resumed');
  expectEachOnce(outputLines(out), 13);
});
