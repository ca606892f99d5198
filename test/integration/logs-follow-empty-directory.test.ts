import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { writeCombinedLog } from '../gen/logs/nginx-combined';
import { expectEachOnce, kill, outputLines, startFollower, waitFor } from './follow-process';

/**
 * `extract --follow <dir>` on a directory that holds nothing to read yet (empty, or its log created and not written):
 * the first capture or log to come decides which follower it gets. Each test follows a probe of the other kind beside
 * it, whose records show the directory was sorted before anything was written into it.
 */
const root = mkdtempSync(join(tmpdir(), 'lantern-follow-empty-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const FIXTURE = join(__dirname, '../../../shared/fixtures/pcap/zeek__http-methods.pcap');
/** The fixture's exchanges (`extract` of it alone). */
const FIXTURE_EXCHANGES = 26;

test('logs written later into an empty followed directory are read (it was taken for a capture directory)', { timeout: 120_000 }, async () => {
  const base = join(root, 'logs-first');
  const dir = join(base, 'nginx');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'access.log'), ''); // created by the package, not written yet
  const probe = join(base, 'probe.pcap');
  copyFileSync(FIXTURE, probe);
  const out = join(base, 'out.jsonl');
  const child = startFollower(base, out, [dir, probe]);
  await waitFor('the probe capture', () => outputLines(out).length >= FIXTURE_EXCHANGES);
  await writeCombinedLog(join(dir, 'access.log'), 100, { sequencePaths: true, append: true });
  await writeCombinedLog(join(dir, 'api.log'), 50, { sequencePaths: true, firstIndex: 100 });
  await waitFor('the logs written later', () => outputLines(out).length >= FIXTURE_EXCHANGES + 150);
  const { code } = await kill(child, 'SIGTERM');
  expect(code).toBe(0);
  expectEachOnce(outputLines(out).filter((l) => l.includes('/seq/')), 150);
});

test('captures rotated into an empty followed directory are still read as a capture directory', { timeout: 120_000 }, async () => {
  const base = join(root, 'captures-first');
  const dir = join(base, 'tcpdump');
  mkdirSync(dir, { recursive: true });
  const probe = join(base, 'probe.log');
  await writeCombinedLog(probe, 10, { sequencePaths: true });
  const out = join(base, 'out.jsonl');
  const child = startFollower(base, out, [dir, probe]);
  await waitFor('the probe log', () => outputLines(out).length >= 10);
  // tcpdump -C: trace0 is closed (trace1, written after it, is the open one), both older than the settling time.
  const past = Date.now() / 1000 - 600;
  for (const [i, name] of ['trace0.pcap', 'trace1.pcap'].entries()) {
    copyFileSync(FIXTURE, join(dir, name));
    utimesSync(join(dir, name), past + i, past + i);
  }
  await waitFor('the closed capture', () => outputLines(out).length >= 10 + FIXTURE_EXCHANGES);
  const { code, stderr } = await kill(child, 'SIGTERM');
  expect(code).toBe(0);
  expect(stderr).not.toContain('error:');
  expect(outputLines(out).filter((l) => l.includes('trace0.pcap')).length).toBe(FIXTURE_EXCHANGES);
});
