import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { writeCombinedLog } from '../gen/logs/nginx-combined';
import { expectEachOnce, kill, outputLines, startFollower, waitFor } from './follow-process';

const root = mkdtempSync(join(tmpdir(), 'lantern-follow-roll-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * Caddy's roll while the follower is stopped: access.log, with lines not read yet, becomes access-<time>.log (a
 * name that does not look rotated) and a new access.log starts. The restart reads the rolled file on from its
 * checkpoint: until 5 Dec it was taken for a new live log and read from its first line, and access.log's follower
 * warned that lines may be missing.
 */
test('a Caddy roll while the follower is stopped: every line once, no false warning', { timeout: 120_000 }, async () => {
  const dir = join(root, 'caddy');
  mkdirSync(dir);
  const log = join(dir, 'access.log');
  const out = join(root, 'out.jsonl');
  await writeCombinedLog(log, 100, { sequencePaths: true });
  const first = startFollower(root, out, [dir]);
  await waitFor('the log', () => outputLines(out).length >= 100);
  expect((await kill(first, 'SIGTERM')).code).toBe(0);

  await writeCombinedLog(log, 20, { sequencePaths: true, firstIndex: 100, append: true });
  renameSync(log, join(dir, 'access-2026-12-05T08-00-00.000.log'));
  await writeCombinedLog(log, 30, { sequencePaths: true, firstIndex: 120 });
  const again = startFollower(root, out, [dir]);
  let stderr = '';
  again.stderr!.on('data', (d) => (stderr += d));
  await waitFor('the lines after the stop', () => outputLines(out).length >= 150);
  // Every file was polled to its end before a line appended now is read: a second read would have shown by then.
  await writeCombinedLog(log, 1, { sequencePaths: true, firstIndex: 150, append: true });
  await waitFor('a poll past the restart', () => outputLines(out).some((l) => l.includes('"path":"/seq/150"')));
  const ended = new Promise((resolve) => again.stderr!.once('end', resolve));
  expect((await kill(again, 'SIGTERM')).code).toBe(0);
  await ended;
  expectEachOnce(outputLines(out), 151);
  expect(stderr).not.toContain('may be missing');
});
