import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { writeCombinedLog } from '../gen/logs/nginx-combined';
import { expectEachOnce, kill, outputLines, startFollower, waitFor } from './follow-process';

/**
 * `extract --follow a/ b/ …` on directories with nothing in them yet: each is followed as whatever comes into it first,
 * on its own. Until 6 Dec only the first directory of each kind was: the second got an error at the stop ("follow it
 * in a run of its own") and its files went unread for as long as the follower ran.
 */
const root = mkdtempSync(join(tmpdir(), 'lantern-follow-each-kind-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const FIXTURE = join(__dirname, '../../../shared/fixtures/pcap/zeek__http-methods.pcap');
/** The fixture's exchanges (`extract` of it alone). */
const FIXTURE_EXCHANGES = 26;

/** tcpdump -C: `name` closed (written before the next), long enough ago to have settled. */
function rotate(dir: string, index: number): void {
  const at = Date.now() / 1000 - 600 + index;
  const name = join(dir, `trace${index}.pcap`);
  copyFileSync(FIXTURE, name);
  utimesSync(name, at, at);
}

const fromFile = (lines: string[], file: string) => lines.filter((l) => l.includes(`"file":"${file}"`)).length;

test('empty directories given together are each followed as the kind that comes first, across a restart', { timeout: 180_000 }, async () => {
  const base = join(root, 'run');
  const [capsA, capsB, logsA, logsB] = ['caps-a', 'caps-b', 'logs-a', 'logs-b'].map((name) => join(base, name));
  for (const dir of [capsA, capsB, logsA, logsB]) mkdirSync(dir, { recursive: true });
  // A log named too: the log follower runs from the start, and the directories of logs join it.
  const probe = join(base, 'probe.log');
  await writeCombinedLog(probe, 10, { sequencePaths: true, firstIndex: 1000 });
  const inputs = [capsA, logsA, capsB, logsB, probe];
  const out = join(base, 'out.jsonl');
  let child = startFollower(base, out, inputs);
  await waitFor('the probe log', () => outputLines(out).length >= 10);

  for (const dir of [capsA, capsB]) [0, 1].forEach((i) => rotate(dir, i));
  await writeCombinedLog(join(logsA, 'access.log'), 100, { sequencePaths: true });
  await writeCombinedLog(join(logsB, 'access.log'), 100, { sequencePaths: true, firstIndex: 100 });
  const firstRun = 10 + 2 * FIXTURE_EXCHANGES + 200;
  await waitFor('both directories of each kind', () => outputLines(out).length >= firstRun, 20_000);
  let stopped = await kill(child, 'SIGTERM');
  expect(stopped.code).toBe(0);
  expect(stopped.stderr).not.toContain('error:');

  // Restarted, the directories are a capture and a log directory from the start: nothing is read twice.
  for (const dir of [capsA, capsB]) rotate(dir, 2);
  await writeCombinedLog(join(logsA, 'access.log'), 50, { sequencePaths: true, firstIndex: 200, append: true });
  await writeCombinedLog(join(logsB, 'access.log'), 50, { sequencePaths: true, firstIndex: 250, append: true });
  child = startFollower(base, out, inputs);
  await waitFor('what came while stopped', () => outputLines(out).length >= firstRun + 2 * FIXTURE_EXCHANGES + 100, 20_000);
  stopped = await kill(child, 'SIGTERM');
  expect(stopped.code).toBe(0);
  expect(stopped.stderr).not.toContain('error:');

  const lines = outputLines(out);
  const counts = [capsA, capsB].flatMap((dir) => [0, 1].map((i) => fromFile(lines, join(dir, `trace${i}.pcap`))));
  expect(counts).toEqual([FIXTURE_EXCHANGES, FIXTURE_EXCHANGES, FIXTURE_EXCHANGES, FIXTURE_EXCHANGES]);
  expectEachOnce(lines.filter((l) => l.includes('/seq/') && !l.includes(probe)), 300);
  expect(lines.filter((l) => l.includes(probe)).length).toBe(10);
});

test('captures written after the last log checkpoint do not make a restarted log follower skip its own lines', { timeout: 180_000 }, async () => {
  const base = join(root, 'mixed');
  const [caps, logs] = ['caps', 'logs'].map((name) => join(base, name));
  for (const dir of [caps, logs]) mkdirSync(dir, { recursive: true });
  const out = join(base, 'out.jsonl');
  let child = startFollower(base, out, [caps, logs]);
  await writeCombinedLog(join(logs, 'access.log'), 100, { sequencePaths: true });
  await waitFor('the log', () => outputLines(out).length >= 100, 20_000);
  // Written after the log's last checkpoint: at the restart, past the log follower's mark in the output.
  [0, 1].forEach((i) => rotate(caps, i));
  await waitFor('the closed capture', () => outputLines(out).length >= 100 + FIXTURE_EXCHANGES, 20_000);
  let stopped = await kill(child, 'SIGTERM');
  expect(stopped.code).toBe(0);

  await writeCombinedLog(join(logs, 'access.log'), 50, { sequencePaths: true, firstIndex: 100, append: true });
  child = startFollower(base, out, [caps, logs]);
  await waitFor('the lines written while stopped', () => outputLines(out).filter((l) => l.includes('/seq/')).length >= 150, 20_000);
  stopped = await kill(child, 'SIGTERM');
  expect(stopped.code).toBe(0);
  expect(stopped.stderr).not.toContain('resumed:');
  const lines = outputLines(out);
  expect(fromFile(lines, join(caps, 'trace0.pcap'))).toBe(FIXTURE_EXCHANGES);
  expectEachOnce(lines.filter((l) => l.includes('/seq/')), 150);
});
