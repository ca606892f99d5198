import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { writeCombinedLog } from '../gen/logs/nginx-combined';
import { expectEachOnce, kill, outputLines, startFollower, waitFor } from './follow-process';

const root = mkdtempSync(join(tmpdir(), 'lantern-follow-reused-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * A rotated name given to a new file while the directory is followed (`other.log.1` deleted and written anew, with
 * no live `other.log` whose tail read it): the new file is read. Until 5 Dec a name was listed once, so it never was.
 * On ext4 the new file even gets the deleted one's inode.
 */
test('a rotated name reused by a new file in a followed directory is read, once', { timeout: 120_000 }, async () => {
  const dir = join(root, 'logs');
  mkdirSync(dir);
  const log = join(dir, 'access.log');
  const other = join(dir, 'other.log.1');
  await writeCombinedLog(log, 10, { sequencePaths: true });
  await writeCombinedLog(other, 10, { sequencePaths: true, firstIndex: 10 });
  const out = join(root, 'out.jsonl');
  const child = startFollower(root, out, [dir]);
  await waitFor('the files there at the start', () => outputLines(out).length >= 20);
  rmSync(other);
  await writeCombinedLog(other, 10, { sequencePaths: true, firstIndex: 20 });
  await waitFor('the new file under the old name', () => outputLines(out).length >= 30);
  // Read in a poll after the new file was listed: a second listing of it would have shown by then.
  await writeCombinedLog(log, 1, { sequencePaths: true, firstIndex: 30, append: true });
  await waitFor('a later poll', () => outputLines(out).some((l) => l.includes('"path":"/seq/30"')));
  expect((await kill(child, 'SIGTERM')).code).toBe(0);
  expectEachOnce(outputLines(out), 31);
});
