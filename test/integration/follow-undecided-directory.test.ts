import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { writeCombinedLog } from '../gen/logs/nginx-combined';
import { expectEachOnce, kill, outputLines, startFollower, waitFor } from './follow-process';

/**
 * `extract --follow <dir>` on a directory with nothing to follow yet: files that decide nothing (an exchange file, a
 * README) are said once while it waits, and do not make it a directory of logs, so the captures that come later are
 * read. Before 6 Dec it waited silently behind an exchange file, and a README made it a log directory for good.
 */
const root = mkdtempSync(join(tmpdir(), 'lantern-follow-undecided-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const FIXTURE = join(__dirname, '../../../shared/fixtures/pcap/zeek__http-methods.pcap');
/** The fixture's exchanges (`extract` of it alone). */
const FIXTURE_EXCHANGES = 26;

const times = (haystack: string, text: string) => haystack.split(text).length - 1;

/** tcpdump -C: `names` written one after the other, long enough ago to have settled; the last is the open one. */
function rotateInto(dir: string, names: string[], minutesAgo: number): void {
  const past = Date.now() / 1000 - minutesAgo * 60;
  names.forEach((name, i) => {
    copyFileSync(FIXTURE, join(dir, name));
    utimesSync(join(dir, name), past + i, past + i);
  });
}

test('files that decide nothing are said once while an empty directory waits, and captures after them are read', { timeout: 120_000 }, async () => {
  const base = join(root, 'waits');
  const dir = join(base, 'tcpdump');
  mkdirSync(dir, { recursive: true });
  const out = join(base, 'out.jsonl');
  const child = startFollower(base, out, [dir]);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  await waitFor('the follower to start', () => child.pid !== undefined);

  // An exchange file dropped by another collector: not followed (no checkpoint), and said so, once.
  const exchange = { ts: '2026-12-06T10:00:00.000Z', method: 'GET', host: 'api.test', path: '/v1/orders', status: 200 };
  writeFileSync(join(dir, 'exchanges.jsonl'), `${JSON.stringify(exchange)}\n`);
  const exchanges = `warning: ${dir}: 1 exchange file is not read when following a directory and was skipped (exchanges.jsonl); name it to read it; waiting for a capture or a log`;
  await waitFor('the exchange file said', () => stderr.includes(exchanges), 10_000);
  writeFileSync(join(dir, 'README.txt'), 'tcpdump -C 100 -w trace.pcap\n');
  const readme = `warning: ${dir}: 1 file is neither a capture nor a log and was skipped (README.txt); waiting for a capture or a log`;
  await waitFor('the README said', () => stderr.includes(readme), 10_000);

  rotateInto(dir, ['trace0.pcap', 'trace1.pcap'], 10);
  await waitFor('the closed capture', () => outputLines(out).length >= FIXTURE_EXCHANGES);
  const ended = new Promise((resolve) => child.stderr!.once('end', resolve));
  const { code } = await kill(child, 'SIGTERM');
  await ended;
  expect(code).toBe(0);
  expect(stderr).not.toContain('error:');
  // Said while waiting, not again by the capture follower, nor at the stop.
  expect(times(stderr, exchanges)).toBe(1);
  expect(times(stderr, readme)).toBe(1);
  expect(stderr).not.toContain('not a capture');
  expect(outputLines(out).filter((l) => l.includes('trace0.pcap')).length).toBe(FIXTURE_EXCHANGES);
  expect(outputLines(out).filter((l) => l.includes('/v1/orders')).length).toBe(0);
});

test('a directory holding only a README at the start is not taken for a directory of logs', { timeout: 120_000 }, async () => {
  const base = join(root, 'readme-first');
  const dir = join(base, 'tcpdump');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'README.txt'), 'tcpdump -C 100 -w trace.pcap\n');
  const out = join(base, 'out.jsonl');
  const child = startFollower(base, out, [dir]);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const readme = `warning: ${dir}: 1 file is neither a capture nor a log and was skipped (README.txt); waiting for a capture or a log`;
  await waitFor('the README said', () => stderr.includes(readme), 10_000);
  rotateInto(dir, ['trace0.pcap', 'trace1.pcap'], 10);
  await waitFor('the closed capture', () => outputLines(out).length >= FIXTURE_EXCHANGES);
  const { code } = await kill(child, 'SIGTERM');
  expect(code).toBe(0);
  expect(times(stderr, 'README.txt')).toBe(1);
  expect(outputLines(out).filter((l) => l.includes('trace0.pcap')).length).toBe(FIXTURE_EXCHANGES);
});

test('a README said while waiting is not said again by the log follower the directory then gets', { timeout: 120_000 }, async () => {
  const base = join(root, 'then-logs');
  const dir = join(base, 'nginx');
  mkdirSync(dir, { recursive: true });
  const out = join(base, 'out.jsonl');
  const child = startFollower(base, out, [dir]);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  writeFileSync(join(dir, 'README.txt'), 'Rotated daily by logrotate.\n');
  const readme = `warning: ${dir}: 1 file is neither a capture nor a log and was skipped (README.txt); waiting for a capture or a log`;
  await waitFor('the README said', () => stderr.includes(readme), 10_000);
  await writeCombinedLog(join(dir, 'access.log'), 40, { sequencePaths: true });
  await waitFor('the log', () => outputLines(out).length >= 40);
  const { code } = await kill(child, 'SIGTERM');
  expect(code).toBe(0);
  expect(times(stderr, 'README.txt')).toBe(1);
  expectEachOnce(outputLines(out), 40);
});
