import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { writeCombinedLog } from '../gen/logs/nginx-combined';
import { kill, outputLines, startFollower, waitFor } from './follow-process';

/**
 * A follow state that cannot be read (a disk filled mid-write on a filesystem without ordered data, an edit by hand):
 * the follower starts over, and until 6 Dec said nothing for a capture directory (`extract --follow` wrote every
 * capture's records again, unexplained) and then overwrote the file, so nothing was left to look at.
 */
const root = mkdtempSync(join(tmpdir(), 'lantern-follow-unreadable-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const FIXTURE = join(__dirname, '../../../shared/fixtures/pcap/zeek__http-methods.pcap');
const FIXTURE_EXCHANGES = 26;

test('an unreadable capture follow state is named in a warning, kept aside, and the directory read again', { timeout: 120_000 }, async () => {
  const caps = join(root, 'caps');
  mkdirSync(caps);
  for (const i of [0, 1]) {
    copyFileSync(FIXTURE, join(caps, `trace${i}.pcap`));
    const at = Date.now() / 1000 - 600 + i;
    utimesSync(join(caps, `trace${i}.pcap`), at, at);
  }
  const out = join(root, 'out.jsonl');
  let child = startFollower(root, out, [caps]);
  await waitFor('the closed capture', () => outputLines(out).length >= FIXTURE_EXCHANGES);
  expect((await kill(child, 'SIGTERM')).code).toBe(0);

  const stateDir = join(root, 'state');
  const name = readdirSync(stateDir).find((n) => n.startsWith('extract-captures-') && n.endsWith('.json'))!;
  const corrupt = readFileSync(join(stateDir, name), 'utf8').slice(0, 20);
  writeFileSync(join(stateDir, name), corrupt);

  child = startFollower(root, out, [caps]);
  await waitFor('the capture read again', () => outputLines(out).length >= 2 * FIXTURE_EXCHANGES);
  const stopped = await kill(child, 'SIGTERM');
  expect(stopped.code).toBe(0);
  expect(stopped.stderr).toContain(`${join(stateDir, name)}: unreadable follow state`);
  const aside = readdirSync(stateDir).filter((n) => n.startsWith(`${name}.unreadable`));
  expect(aside).toHaveLength(1);
  expect(stopped.stderr).toContain(join(stateDir, aside[0]));
  expect(readFileSync(join(stateDir, aside[0]), 'utf8')).toBe(corrupt);
});

test('an unreadable log checkpoint is kept aside too, not overwritten by the next checkpoint', { timeout: 120_000 }, async () => {
  const base = join(root, 'logs');
  mkdirSync(base);
  const log = join(base, 'access.log');
  await writeCombinedLog(log, 40, { sequencePaths: true });
  const out = join(base, 'out.jsonl');
  let child = startFollower(base, out, [log]);
  await waitFor('the log', () => outputLines(out).length >= 40);
  expect((await kill(child, 'SIGTERM')).code).toBe(0);

  const stateDir = join(base, 'state');
  const name = readdirSync(stateDir).find((n) => n.startsWith('extract-logs-') && n.endsWith('.json'))!;
  writeFileSync(join(stateDir, name), '{"version":1,"fi');
  child = startFollower(base, out, [log]);
  await waitFor('the log read again', () => outputLines(out).length >= 80);
  const stopped = await kill(child, 'SIGTERM');
  expect(stopped.stderr).toContain(`${join(stateDir, name)}: unreadable follow state`);
  expect(stopped.stderr).toContain('every log is read again from its start');
  const aside = readdirSync(stateDir).filter((n) => n.startsWith(`${name}.unreadable`));
  expect(aside.map((n) => readFileSync(join(stateDir, n), 'utf8'))).toEqual(['{"version":1,"fi']);
});
