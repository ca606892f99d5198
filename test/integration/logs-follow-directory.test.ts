import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { createCombinedLineGenerator, writeCombinedLog } from '../gen/logs/nginx-combined';
import { expectEachOnce, kill, outputLines, seqCounts, startFollower, waitFor } from './follow-process';

/** logrotate's `compress`: the file's text in a new inode, the plain one removed. */
function gzipInPlace(from: string, to: string): void {
  writeFileSync(to, gzipSync(readFileSync(from)));
  rmSync(from);
}

/**
 * `extract --follow /var/log/nginx/`: the directory's rotated set is one stream. What was read from access.log is not
 * read again as access.log.1 or, compressed, as access.log.2.gz, whether the compression happens while the follower
 * runs or while it is down; a log created later in the directory is followed, and Caddy's roll (renamed to
 * `api-<time>.log`, then gzipped) is not read again. Every line carries its index.
 */
test('a followed directory of logs: rotations, compression, a new log and a SIGKILL restart, every line once', { timeout: 120_000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'lantern-follow-dir-'));
  const dir = join(root, 'nginx');
  mkdirSync(dir);
  const log = join(dir, 'access.log');
  const out = join(root, 'out.jsonl');
  // Before the start: an older compressed day, yesterday's plain file, today's live one, and a file that is no log.
  await writeCombinedLog(join(root, 'old'), 100, { sequencePaths: true });
  gzipInPlace(join(root, 'old'), `${log}.2.gz`);
  await writeCombinedLog(`${log}.1`, 100, { sequencePaths: true, firstIndex: 100 });
  await writeCombinedLog(log, 300, { sequencePaths: true, firstIndex: 200 });
  writeFileSync(join(dir, 'README.txt'), 'Rotated daily by logrotate.\nKeep 14 days.\n');
  // A log whose first line is half written when the follower looks: judged once it has a line, not skipped.
  const lateLine = createCombinedLineGenerator(1, undefined, true)(1000);
  writeFileSync(join(dir, 'late.log'), lateLine.slice(0, 40));

  const first = startFollower(root, out, [dir]);
  // Before: the directory was taken for a capture directory and nothing was read.
  await waitFor('the files there at the start', () => outputLines(out).length >= 500);
  await writeCombinedLog(log, 100, { sequencePaths: true, firstIndex: 500, append: true });
  await waitFor('appended lines', () => outputLines(out).length >= 600);

  // logrotate with delaycompress while it runs; nginx writes to the renamed file until it reopens.
  renameSync(`${log}.2.gz`, `${log}.3.gz`);
  renameSync(`${log}.1`, `${log}.2`);
  gzipInPlace(`${log}.2`, `${log}.2.gz`);
  renameSync(log, `${log}.1`);
  await writeCombinedLog(`${log}.1`, 50, { sequencePaths: true, firstIndex: 600, append: true });
  await writeCombinedLog(log, 100, { sequencePaths: true, firstIndex: 650 });
  await waitFor('after the rotation', () => outputLines(out).length >= 750);

  // A log that appears later (a new server block's own access log).
  await writeCombinedLog(join(dir, 'api.access.log'), 100, { sequencePaths: true, firstIndex: 750 });
  await waitFor('the new log', () => outputLines(out).length >= 850);
  appendFileSync(join(dir, 'late.log'), `${lateLine.slice(40)}\n`);
  await waitFor('the half-written line, finished', () => outputLines(out).length >= 851);
  // Caddy's roll: renamed to a name that does not look rotated, written on through the old descriptor, then gzipped.
  const rolled = join(dir, 'api-2026-12-05T08-00-00.000.log');
  renameSync(join(dir, 'api.access.log'), rolled);
  await writeCombinedLog(rolled, 20, { sequencePaths: true, firstIndex: 1001, append: true });
  await writeCombinedLog(join(dir, 'api.access.log'), 30, { sequencePaths: true, firstIndex: 1021 });
  await waitFor('after the roll', () => outputLines(out).length >= 901);
  // A log created after the roll is read only after a look at the directory that also listed the rolled file.
  await writeCombinedLog(join(dir, 'probe.log'), 1, { sequencePaths: true, firstIndex: 1051 });
  await waitFor('a look past the roll', () => outputLines(out).some((l) => l.includes('"path":"/seq/1051"')));
  gzipInPlace(rolled, `${rolled}.gz`);
  await writeCombinedLog(join(dir, 'probe.log'), 1, { sequencePaths: true, firstIndex: 1052, append: true });
  await waitFor('a look past the gzip', () => outputLines(out).some((l) => l.includes('"path":"/seq/1052"')));
  await sleep(300); // room for a wrong duplicate to show up
  const counts = seqCounts(outputLines(out));
  expect({ records: outputLines(out).length, distinct: counts.size, twice: [...counts].filter(([, n]) => n > 1).map(([i]) => i).slice(0, 10) })
    .toEqual({ records: 903, distinct: 903, twice: [] });
  await kill(first, 'SIGKILL');

  // While it is down: more lines, then logrotate with `compress` (no delaycompress): access.log → access.log.1.gz.
  await writeCombinedLog(log, 50, { sequencePaths: true, firstIndex: 850, append: true });
  renameSync(`${log}.3.gz`, `${log}.4.gz`);
  renameSync(`${log}.2.gz`, `${log}.3.gz`);
  gzipInPlace(`${log}.1`, `${log}.2.gz`);
  gzipInPlace(log, `${log}.1.gz`);
  await writeCombinedLog(log, 100, { sequencePaths: true, firstIndex: 900 });
  appendFileSync(join(dir, 'api.access.log'), '');

  const again = startFollower(root, out, [dir]);
  await waitFor('after the restart', () => outputLines(out).length >= 1053);
  await sleep(300);
  const { code, stderr } = await kill(again, 'SIGTERM');
  expect(code).toBe(0);
  expectEachOnce(outputLines(out), 1053);
  expect(stderr).toContain(`warning: ${dir}: 1 file is neither a capture nor a log and was skipped (README.txt)`);
});
