import { copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { writeCombinedLog } from '../gen/logs/nginx-combined';
import { expectEachOnce, kill, outputLines, startFollower, waitFor } from './follow-process';

/**
 * logrotate's `compress` without `delaycompress` gzips the rotated copy at once (`access.log.1` → `access.log.1.gz`,
 * the plain file deleted): the lines a follower had not read yet are only in the compressed copy. Every generated
 * line carries its index in its path (`/seq/<i>`); the output must hold every index exactly once.
 */
const compress = (path: string) => {
  writeFileSync(`${path}.gz`, gzipSync(readFileSync(path)));
  rmSync(path);
};

/** A follower read 500 lines and was stopped; 200 more were written after its checkpoint (indexes 500–699). */
async function readThenStopped(): Promise<{ dir: string; log: string; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-follow-gz-'));
  const log = join(dir, 'access.log');
  const out = join(dir, 'out.jsonl');
  await writeCombinedLog(log, 500, { sequencePaths: true });
  const child = startFollower(dir, out, [log]);
  await waitFor('first lines', () => outputLines(out).length >= 500);
  expect((await kill(child, 'SIGTERM')).code).toBe(0);

  await writeCombinedLog(log, 200, { sequencePaths: true, firstIndex: 500, append: true });
  return { dir, log, out };
}

/** The follower started again after the rotation, given time for the copy's lines (before the fix they never came). */
async function resumed(dir: string, out: string, log: string): Promise<{ code: number | null; stderr: string }> {
  const again = startFollower(dir, out, [log]);
  await waitFor('the new lines', () => outputLines(out).length >= 600);
  await sleep(1000);
  return kill(again, 'SIGTERM');
}

test('copytruncate + compress while the follower is stopped: the lines it had not read come from the .gz copy', { timeout: 120_000 }, async () => {
  const { dir, log, out } = await readThenStopped();
  copyFileSync(log, `${log}.1`);
  truncateSync(log, 0);
  compress(`${log}.1`);
  await writeCombinedLog(log, 100, { sequencePaths: true, firstIndex: 700, append: true });

  const { code, stderr } = await resumed(dir, out, log);
  expect(code).toBe(0);
  expect(stderr).not.toContain('no copy found');
  expectEachOnce(outputLines(out), 800);
});

test('rename + compress while the follower is stopped: the rest of the old log comes from its .gz', { timeout: 120_000 }, async () => {
  const { dir, log, out } = await readThenStopped();
  renameSync(log, `${log}.1`);
  compress(`${log}.1`);
  await writeCombinedLog(log, 100, { sequencePaths: true, firstIndex: 700 });

  const { code, stderr } = await resumed(dir, out, log);
  expect(code).toBe(0);
  expect(stderr).not.toContain('may be missing');
  expectEachOnce(outputLines(out), 800);

  // Restarted once more: the .gz finished from its checkpoint is not read again.
  const third = startFollower(dir, out, [log]);
  await sleep(1500);
  expect((await kill(third, 'SIGTERM')).code).toBe(0);
  expectEachOnce(outputLines(out), 800);
});

test('copytruncate + compress while the follower runs: the unread lines come from the .gz copy', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-follow-gz-'));
  const log = join(dir, 'access.log');
  const out = join(dir, 'out.jsonl');
  await writeCombinedLog(log, 500, { sequencePaths: true });
  const child = startFollower(dir, out, [log]);
  await waitFor('first lines', () => outputLines(out).length >= 500);
  // Written, copied, truncated and compressed between two polls (200 ms apart), as logrotate does it.
  const more = join(dir, 'more.log');
  await writeCombinedLog(more, 200, { sequencePaths: true, firstIndex: 500 });
  const tail = readFileSync(more);
  writeFileSync(log, tail, { flag: 'a' });
  copyFileSync(log, `${log}.1`);
  truncateSync(log, 0);
  compress(`${log}.1`);
  await writeCombinedLog(log, 100, { sequencePaths: true, firstIndex: 700, append: true });
  await waitFor('the new lines', () => outputLines(out).length >= 600);
  await sleep(1000);
  const { code } = await kill(child, 'SIGTERM');
  expect(code).toBe(0);
  expectEachOnce(outputLines(out), 800);
});
