import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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
  expect(stderr).toContain('lantern: exchanges 20, files 1, lines 20');
});

test('a followed directory says, once, a file it cannot read, and follows the rest', { timeout: 120_000 }, async () => {
  // Before: passed over without a word (a log the service user may not read: nginx's access.log is root:adm 0640).
  // As root, a symlink loop is the file nobody can read.
  const dir = join(root, 'unreadable');
  mkdirSync(dir);
  await writeCombinedLog(join(dir, 'access.log'), 20, { sequencePaths: true });
  symlinkSync('loop.log', join(dir, 'loop.log'));
  const said = [`warning: ${join(dir, 'loop.log')}: too many levels of symbolic links; followed once it can be read`];
  if (process.getuid?.() !== 0) {
    await writeCombinedLog(join(dir, 'private.log'), 5, { sequencePaths: true });
    chmodSync(join(dir, 'private.log'), 0o000);
    said.push(`warning: ${join(dir, 'private.log')}: permission denied; followed once it can be read`);
  }
  const out = join(root, 'unreadable.jsonl');
  const child = startFollower(join(root, 'unreadable-state'), out, [dir]);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  await waitFor('the warnings', () => said.every((w) => stderr.includes(w)));
  await waitFor('the log', () => outputLines(out).length >= 20);
  // Looked at again on later polls (every 500 ms): still said once.
  await new Promise((r) => setTimeout(r, 1500));
  const ended = new Promise((resolve) => child.stderr!.once('end', resolve));
  const { code } = await kill(child, 'SIGTERM');
  await ended;
  expect(code).toBe(0);
  for (const w of said) expect(stderr.split(w).length - 1, w).toBe(1);
  expect(stderr).toContain('lantern: exchanges 20, files 1, lines 20');
});
