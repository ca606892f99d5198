import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { writeCombinedLog } from '../gen/logs/nginx-combined';
import { kill, outputLines, startFollower, waitFor } from './follow-process';

const root = mkdtempSync(join(tmpdir(), 'lantern-follow-warnings-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * A follower runs for days: a file it skips as no log is said on stderr when it is seen, not in the summary at the
 * stop (until 5 Dec it was said only then), and only once.
 */
test('a followed directory of logs says what it skips while running, once', { timeout: 120_000 }, async () => {
  const dir = join(root, 'nginx');
  mkdirSync(dir);
  await writeCombinedLog(join(dir, 'access.log'), 20, { sequencePaths: true });
  writeFileSync(join(dir, 'README.txt'), 'Rotated daily by logrotate.\nKeep 14 days.\n');
  const out = join(root, 'out.jsonl');
  const child = startFollower(root, out, [dir]);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const readme = `warning: ${dir}: 1 file is neither a capture nor a log and was skipped (README.txt)`;
  await waitFor('the warning about README.txt', () => stderr.includes(readme));
  writeFileSync(join(dir, 'NOTES.txt'), 'Ask ops before deleting anything here.\n');
  const notes = `warning: ${dir}: 1 file is neither a capture nor a log and was skipped (NOTES.txt)`;
  await waitFor('the warning about a file that came later', () => stderr.includes(notes));
  await waitFor('the log', () => outputLines(out).length >= 20);
  const ended = new Promise((resolve) => child.stderr!.once('end', resolve));
  const { code } = await kill(child, 'SIGTERM');
  await ended; // the summary, read by the listener above
  expect(code).toBe(0);
  expect(stderr.split(readme).length - 1).toBe(1);
  expect(stderr.split(notes).length - 1).toBe(1);
  expect(stderr).toContain('lantern: exchanges 20, lines 20');
});
