import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from 'vitest';
import { kill, outputLines, startFollower, waitFor } from './follow-process';

/**
 * A Kubernetes container log (CRI envelope) whose last line so far is the first part (`P`) of a line the runtime
 * split: the follower is killed there and its last part (`F`) written while it is down. Until 6 Dec the parts
 * read before the stop were lost with the process, and the last part counted as a malformed line.
 */
const T = '2024-10-10T13:55:36.123456789Z';
const access = (i: number) => `10.0.0.1 - - [10/Oct/2024:13:55:36 +0000] "GET /seq/${i}?q=${'x'.repeat(200)} HTTP/1.1" 200 5 "-" "curl/8.0"`;
const NGINX_ERROR = '2024/10/10 13:55:38 [error] 7#7: *1 open() "/usr/share/nginx/html/x" failed';

/** The checkpoint the follower saved for its log has read the whole file. */
function checkpointed(stateDir: string, size: number): boolean {
  if (!existsSync(stateDir)) return false;
  return readdirSync(stateDir)
    .filter((f) => f.endsWith('.json'))
    .some((f) => {
      const state = JSON.parse(readFileSync(join(stateDir, f), 'utf8')) as { files: Record<string, { offset: number }> };
      return Object.values(state.files).some((cp) => cp.offset === size);
    });
}

const seqAndLine = (lines: string[]) =>
  lines.map((l) => {
    const r = JSON.parse(l) as { path: string; source: { line: number } };
    return [r.path, r.source.line];
  });

async function readPartThenStop(dir: string, log: string, out: string): Promise<void> {
  const a1 = access(1);
  // The stderr line between the parts is nginx's error log: skipped, and it must not end the stdout line.
  writeFileSync(log, [`${T} stdout F ${access(0)}`, `${T} stdout P ${a1.slice(0, 40)}`, `${T} stderr F ${NGINX_ERROR}`, `${T} stdout P ${a1.slice(40, 90)}`, ''].join('\n'));
  const child = startFollower(dir, out, [log]);
  await waitFor('the first record', () => outputLines(out).length === 1);
  await waitFor('the checkpoint past the parts', () => checkpointed(join(dir, 'state'), statSync(log).size));
  await kill(child, 'SIGKILL');
  appendFileSync(log, [`${T} stdout F ${a1.slice(90)}`, `${T} stdout F ${access(2)}`, ''].join('\n'));
}

test('parts read before a kill are joined with the last part written after it, and the line is read once', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-cri-follow-'));
  const log = join(dir, '0.log');
  const out = join(dir, 'out.jsonl');
  await readPartThenStop(dir, log, out);

  const child = startFollower(dir, out, [log]);
  await waitFor('the record after the parts', () => outputLines(out).some((l) => l.includes('/seq/2')));
  await sleep(300); // room for a wrong duplicate to show up
  const { code, stderr } = await kill(child, 'SIGTERM');
  expect(code).toBe(0);
  expect(seqAndLine(outputLines(out))).toEqual([['/seq/0', 1], ['/seq/1', 2], ['/seq/2', 6]]);
  expect(stderr).toMatch(/^lantern: exchanges 2, files 1, lines 2, malformed 0/m);
});

test('the same when kubelet rotated the log while the follower was down', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-cri-follow-'));
  const log = join(dir, '0.log');
  const out = join(dir, 'out.jsonl');
  await readPartThenStop(dir, log, out);
  renameSync(log, `${log}.20241010-135536`);
  writeFileSync(log, `${T} stdout F ${access(3)}\n`);

  const child = startFollower(dir, out, [log]);
  await waitFor('the record of the new log', () => outputLines(out).some((l) => l.includes('/seq/3')));
  await sleep(300);
  const { code, stderr } = await kill(child, 'SIGTERM');
  expect(code).toBe(0);
  expect(seqAndLine(outputLines(out))).toEqual([['/seq/0', 1], ['/seq/1', 2], ['/seq/2', 6], ['/seq/3', 1]]);
  expect(stderr).toMatch(/^lantern: exchanges 3, files 1, lines 3, malformed 0/m);
});

test.each([
  ['CRI', (text: string, last: boolean) => `${T} stdout ${last ? 'F' : 'P'} ${text}`],
  ['Docker json-file', (text: string, last: boolean) => JSON.stringify({ log: last ? `${text}\n` : text, stream: 'stdout', time: T })],
])('%s: a line whose first part went to the file kubelet rotated away and whose last part to the new one is one record', { timeout: 60_000 }, async (_kind, entry) => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-cri-follow-'));
  const log = join(dir, '0.log');
  const out = join(dir, 'out.jsonl');
  const a1 = access(1);
  writeFileSync(log, [entry(access(0), true), entry(a1.slice(0, 40), false), ''].join('\n'));
  writeFileSync(out, '');
  const child = startFollower(dir, out, [log]);
  await waitFor('the first record', () => outputLines(out).length === 1);
  await sleep(300); // the first part read
  renameSync(log, `${log}.20241010-135536`);
  writeFileSync(log, [entry(a1.slice(40), true), entry(access(2), true), ''].join('\n'));
  await waitFor('the record after the split line', () => outputLines(out).some((l) => l.includes('/seq/2')));
  await sleep(300);
  const { code, stderr } = await kill(child, 'SIGTERM');
  expect(code).toBe(0);
  expect(seqAndLine(outputLines(out))).toEqual([['/seq/0', 1], ['/seq/1', 1], ['/seq/2', 2]]);
  expect(stderr).toMatch(/^lantern: exchanges 3, files 1, lines 4, malformed 0/m);
});

test('and when kubelet rotated between the parts while the follower was down, the line is one record too', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-cri-follow-'));
  const log = join(dir, '0.log');
  const out = join(dir, 'out.jsonl');
  await readPartThenStop(dir, log, out);
  // readPartThenStop wrote the last part into the log: here it goes to the new file instead.
  const old = readFileSync(log, 'utf8').split('\n').filter((l) => l.length > 0);
  const [last, after] = old.slice(-2);
  writeFileSync(log, `${old.slice(0, -2).join('\n')}\n`);
  renameSync(log, `${log}.20241010-135536`);
  writeFileSync(log, `${last}\n${after}\n`);

  const child = startFollower(dir, out, [log]);
  await waitFor('the record after the parts', () => outputLines(out).some((l) => l.includes('/seq/2')));
  await sleep(300);
  const { code, stderr } = await kill(child, 'SIGTERM');
  expect(code).toBe(0);
  expect(seqAndLine(outputLines(out))).toEqual([['/seq/0', 1], ['/seq/1', 1], ['/seq/2', 2]]);
  expect(stderr).toMatch(/^lantern: exchanges 2, files 1, lines \d+, malformed 0/m);
});
