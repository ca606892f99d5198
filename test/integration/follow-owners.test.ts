import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, expect, test } from 'vitest';
import { kill, outputLines, startFollower, waitFor } from './follow-process';
import { countedRequests } from './sqlite-inventory';

const run = promisify(execFile);
const LANTERN = join(import.meta.dirname, '../../bin/lantern');
const CAPTURE = join(import.meta.dirname, '../../../shared/fixtures/pcap/zeek__http-methods.pcap');
const started = new Set<ChildProcess>();
afterEach(() => {
  for (const child of started) child.kill('SIGKILL');
  started.clear();
});

const lines = (n: number) =>
  Array.from({ length: n }, (_, i) => `10.0.0.1 - - [04/Dec/2026:10:00:00 +0000] "GET /seq/${i} HTTP/1.1" 200 12 "-" "curl/8"\n`).join('');

/**
 * `extract --follow` to look at what a log or a capture directory gives, then `ingest --follow` of the same inputs
 * with the same state directory (both default to it): until 6 Dec they shared one checkpoint per set of inputs, and
 * the inventory skipped everything the look had read (a log of 12 lines counted 0). Each now reads by its own.
 */
test('a look with extract --follow leaves an inventory following the same inputs to count every line and capture', async () => {
  const work = mkdtempSync(join(tmpdir(), 'lantern-follow-owners-'));
  const env = { ...process.env, DATABASE_URL: `file:${join(work, 'lantern.db')}`, LANTERN_DATA_DIR: work, LANTERN_DEMO: '0' };
  await run(LANTERN, ['migrate'], { env });
  const log = join(work, 'access.log');
  writeFileSync(log, lines(12));
  const caps = join(work, 'caps');
  mkdirSync(caps);
  for (const i of [0, 1]) {
    copyFileSync(CAPTURE, join(caps, `trace${i}.pcap`));
    const at = Date.now() / 1000 - 600 + i;
    utimesSync(join(caps, `trace${i}.pcap`), at, at);
  }
  // The same --state-dir for both (by default both are ./data/collector-state).
  const stateDir = join(work, 'look', 'state');
  const out = join(work, 'look.jsonl');
  const look = startFollower(join(work, 'look'), out, [log, caps]);
  const looked = () => outputLines(out);
  await waitFor('the look to read the log and the closed capture', () => looked().filter((l) => l.includes('/seq/')).length === 12 && looked().length > 12);
  expect((await kill(look, 'SIGTERM')).code).toBe(0);

  const child = spawn(LANTERN, ['ingest', '--follow', '--host', 'shop.test', '--flush-every', '1', '--state-dir', stateDir, log, caps], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  started.add(child);
  const db = join(work, 'lantern.db');
  // The inventory's capture checkpoint is saved once the closed capture is counted.
  const inventoryStates = () => readdirSync(stateDir).filter((n) => /^(logs|captures)-[0-9a-f]{16}\.json$/.test(n));
  await waitFor('the inventory to count the log and the closed capture', () => countedRequests(db) >= 12 && inventoryStates().length === 2, 90_000);
  const stopped = await kill(child, 'SIGTERM');
  expect(stopped.code).toBe(0);
  // Everything the look read, read again: every line and every exchange of the closed capture.
  expect(stopped.stderr).toMatch(new RegExp(`exchanges ${looked().length}, .*lines 12,`));
  expect(countedRequests(db)).toBeGreaterThan(12);
}, 180_000);
