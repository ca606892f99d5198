import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { writeCombinedLog } from '../gen/logs/nginx-combined';
import { expectEachOnce, kill, outputLines, startFollower, waitFor } from './follow-process';

const root = mkdtempSync(join(tmpdir(), 'lantern-follow-sets-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** One follower run with one state directory, stopped by SIGTERM once `total` records are out; its stderr. */
async function followUntil(out: string, inputs: string[], total: number, meanwhile?: () => Promise<void>): Promise<string> {
  const child = startFollower(root, out, inputs);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  await meanwhile?.();
  await waitFor(`${total} records`, () => outputLines(out).length >= total);
  const ended = new Promise((resolve) => child.stderr!.once('end', resolve));
  expect((await kill(child, 'SIGTERM')).code).toBe(0);
  await ended;
  return stderr;
}

/**
 * Until 6 Dec a follower's checkpoints were its set of inputs' own: following `a.log`, then `a.log b.log` (one
 * collector, one state directory) read a.log from its first line again, and back to `a.log` alone its older state
 * dropped what the pair had written after it. A log moved into a directory followed next was followed at its old
 * name, which no longer led to it.
 */
test('a log followed under other sets of inputs, then moved into a directory followed: every line once', { timeout: 180_000 }, async () => {
  const a = join(root, 'a.log');
  const b = join(root, 'b.log');
  const out = join(root, 'out.jsonl');
  await writeCombinedLog(a, 30, { sequencePaths: true });
  await writeCombinedLog(b, 20, { sequencePaths: true, firstIndex: 30 });
  await followUntil(out, [a], 30);
  await followUntil(out, [a, b], 50);
  await writeCombinedLog(a, 5, { sequencePaths: true, firstIndex: 50, append: true });
  await followUntil(out, [a], 55);
  await writeCombinedLog(b, 5, { sequencePaths: true, firstIndex: 55, append: true });
  await followUntil(out, [b, a], 60);
  const dir = join(root, 'logs');
  mkdirSync(dir);
  renameSync(a, join(dir, 'a.log'));
  renameSync(b, join(dir, 'b.log'));
  await writeCombinedLog(join(dir, 'a.log'), 5, { sequencePaths: true, firstIndex: 60, append: true });
  const moved = await followUntil(out, [dir], 70, async () => {
    await waitFor('the lines written while stopped', () => outputLines(out).length >= 65);
    // Followed where it is now: a line written while running is read.
    await writeCombinedLog(join(dir, 'a.log'), 5, { sequencePaths: true, firstIndex: 65, append: true });
  });
  expect(moved).not.toContain('not found');
  expectEachOnce(outputLines(out), 70);
});
