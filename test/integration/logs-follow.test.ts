import { mkdtempSync, renameSync, statSync, truncateSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from 'vitest';
import { writeCombinedLog } from '../gen/logs/nginx-combined';
import { expectEachOnce, kill, outputLines, startFollower, waitFor } from './follow-process';

/**
 * `extract --follow` as a real process: killed with SIGKILL in the middle of a file, restarted, the
 * file rotated while it was down. Every generated line carries its index in its path (`/seq/<i>`),
 * and the output must hold every index exactly once.
 */
test('SIGKILL mid-file, restart, rotation while down: every line once', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-follow-'));
  const log = join(dir, 'access.log');
  const out = join(dir, 'out.jsonl');
  const FIRST = 300_000;
  await writeCombinedLog(log, FIRST, { sequencePaths: true });
  // A record is ~250 bytes: watching the output's size is cheap enough to kill within a few ms.
  const recordBytes = 250;

  // Kills at different depths into the first file; each restart resumes from its checkpoint.
  let seen = 0;
  // The first kill comes as soon as anything is written: before the first checkpoint, on most runs.
  for (const step of [1, 20_000, 60_000, 60_000]) {
    const child = startFollower(dir, out, [log]);
    const targetBytes = statSync(out).size + step * recordBytes;
    await waitFor(`${step} more records`, () => statSync(out).size >= targetBytes, 60_000, 2);
    await kill(child, 'SIGKILL');
    seen = outputLines(out).length;
    expect(seen).toBeLessThan(FIRST); // the kill landed mid-file
  }

  // While it is down: more lines, then logrotate's rename, then a new live file.
  await writeCombinedLog(log, 1000, { sequencePaths: true, firstIndex: FIRST, append: true });
  renameSync(log, `${log}.1`);
  await writeCombinedLog(log, 500, { sequencePaths: true, firstIndex: FIRST + 1000 });

  const child = startFollower(dir, out, [log]);
  const total = FIRST + 1500;
  await waitFor(`all ${total} records`, () => outputLines(out).length >= total, 60_000, 100);
  await sleep(300); // room for a wrong duplicate to show up
  const { code, stderr } = await kill(child, 'SIGTERM');
  expect(code).toBe(0);
  // Warnings (resumed: …) are said as they arise, before the summary.
  expect(stderr).toMatch(/^lantern: exchanges \d+, files 1, lines \d+, malformed 0/m);
  expectEachOnce(outputLines(out), total);
});

test('a running follower survives rename and copytruncate rotations', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-follow-'));
  const log = join(dir, 'access.log');
  const out = join(dir, 'out.jsonl');
  await writeCombinedLog(log, 2000, { sequencePaths: true });
  const child = startFollower(dir, out, [log]);
  await waitFor('first file', () => outputLines(out).length >= 2000);

  // Rename rotation; the writer still appends to the old file for a moment (nginx before USR1).
  renameSync(log, `${log}.1`);
  await writeCombinedLog(`${log}.1`, 100, { sequencePaths: true, firstIndex: 2000, append: true });
  await writeCombinedLog(log, 300, { sequencePaths: true, firstIndex: 2100 });
  await waitFor('after rename', () => outputLines(out).length >= 2400);

  // copytruncate: lines appended just before the copy are read from the copy.
  await writeCombinedLog(log, 200, { sequencePaths: true, firstIndex: 2400, append: true });
  copyFileSync(log, `${log}.2`);
  truncateSync(log, 0);
  await writeCombinedLog(log, 100, { sequencePaths: true, firstIndex: 2600, append: true });
  await waitFor('after copytruncate', () => outputLines(out).length >= 2700);
  await sleep(300);
  const { code } = await kill(child, 'SIGTERM');
  expect(code).toBe(0);
  expectEachOnce(outputLines(out), 2700);

  // copytruncate while stopped: the lines appended before the copy are read from the copy on restart.
  await writeCombinedLog(log, 50, { sequencePaths: true, firstIndex: 2700, append: true });
  copyFileSync(log, `${log}.3`);
  truncateSync(log, 0);
  await writeCombinedLog(log, 25, { sequencePaths: true, firstIndex: 2750, append: true });
  const again = startFollower(dir, out, [log]);
  await waitFor('after restart', () => outputLines(out).length >= 2775);
  await sleep(300);
  expect((await kill(again, 'SIGTERM')).code).toBe(0);
  expectEachOnce(outputLines(out), 2775);
});

test('a log that does not exist yet is waited for, like tail -F (a collector started before its proxy)', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-follow-'));
  const log = join(dir, 'access.log');
  const out = join(dir, 'out.jsonl');
  const child = startFollower(dir, out, [log]);
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  // Before: `ENOENT`, exit 2 at once. Written only once the follower said it waits: a slow start (a loaded CI machine)
  // would otherwise find the log already there.
  await waitFor('the not-found warning', () => stderr.includes('not found; waiting for it to appear') || child.exitCode !== null);
  expect(child.exitCode).toBeNull();
  await writeCombinedLog(log, 400, { sequencePaths: true });
  await waitFor('the new file', () => outputLines(out).length >= 400);
  await writeCombinedLog(log, 100, { sequencePaths: true, firstIndex: 400, append: true });
  await waitFor('appended lines', () => outputLines(out).length >= 500);
  await sleep(300);
  expect((await kill(child, 'SIGTERM')).code).toBe(0);
  expectEachOnce(outputLines(out), 500);
  expect(stderr).toContain(`warning: ${log}: not found; waiting for it to appear`);
});
