import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { kill, outputLines, startFollower, waitFor } from './follow-process';

const lines = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => `10.0.0.1 - - [04/Dec/2026:10:00:00 +0000] "GET /seq/${from + i} HTTP/1.1" 200 12 "-" "curl/8"\n`).join('');

/**
 * `extract --follow` started twice on one log and state directory (a unit and a shell): until 6 Dec both resumed from
 * one checkpoint and each wrote every new line, where `ingest`/`push --follow` refused the second (bin/follow-lock.ts).
 */
test('a second extract --follow of the same log with the same state directory refuses to start', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-extract-twice-'));
  const log = join(dir, 'access.log');
  writeFileSync(log, lines(0, 5));
  const [out1, out2] = [join(dir, 'out1.jsonl'), join(dir, 'out2.jsonl')];
  const first = startFollower(dir, out1, [log]);
  await waitFor('the first follower to write the log', () => outputLines(out1).length === 5);
  const second = startFollower(dir, out2, [log]);
  let stderr = '';
  second.stderr!.on('data', (d) => (stderr += d));
  let code: number | null | undefined;
  second.once('exit', (c) => (code = c));
  appendFileSync(log, lines(5, 5));
  await waitFor('the first follower to write the new lines', () => outputLines(out1).length === 10);
  // Refused, it exits; before, it wrote the new lines too.
  await waitFor('the second to exit or write the new lines', () => code !== undefined || outputLines(out2).length >= 5);
  if (code === undefined) code = (await kill(second, 'SIGTERM')).code;
  await kill(first, 'SIGTERM');
  expect([code, outputLines(out2).length]).toEqual([1, 0]);
  expect(stderr).toContain(`lantern extract: another lantern --follow (pid ${first.pid}) is following these inputs`);
});
