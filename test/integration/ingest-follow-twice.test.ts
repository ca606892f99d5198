import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, expect, test } from 'vitest';
import { waitFor } from './follow-process';
import { countedRequests } from './sqlite-inventory';

const run = promisify(execFile);
const LANTERN = join(import.meta.dirname, '../../bin/lantern');
const started = new Set<ChildProcess>();
afterEach(() => {
  for (const child of started) child.kill('SIGKILL');
  started.clear();
});

const lines = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => `10.0.0.1 - - [04/Dec/2026:10:00:00 +0000] "GET /seq/${from + i} HTTP/1.1" 200 12 "-" "curl/8"\n`).join('');

function follower(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; stderr: () => string; exit: Promise<number | null> } {
  const child = spawn(LANTERN, ['ingest', '--follow', '--host', 'shop.test', '--flush-every', '1', ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  started.add(child);
  let text = '';
  child.stderr!.on('data', (d) => (text += d));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stderr: () => text, exit };
}

/**
 * The same `ingest --follow access.log` started twice on one data directory (a systemd unit and a shell, a cron
 * @reboot beside the unit): both resumed from one checkpoint and each counted every new line. The second now refuses
 * to start, naming the first, and the inventory counts each line once.
 */
test('a second ingest --follow of the same log with the same state refuses to start; every line counts once', async () => {
  const work = mkdtempSync(join(tmpdir(), 'lantern-follow-twice-'));
  const env = { ...process.env, DATABASE_URL: `file:${join(work, 'lantern.db')}`, LANTERN_DATA_DIR: work, LANTERN_DEMO: '0' };
  await run(LANTERN, ['migrate'], { env });
  const log = join(work, 'access.log');
  writeFileSync(log, lines(0, 10));
  const db = join(work, 'lantern.db');
  const first = follower([log], env);
  await waitFor('the first follower to count the log', () => countedRequests(db) === 10);
  const second = follower([log], env);
  // Before, the second ran on: it is given as long as it takes to start and say no.
  const code = await Promise.race([second.exit, new Promise<'running'>((r) => setTimeout(() => r('running'), 30_000))]);
  appendFileSync(log, lines(10, 10));
  await waitFor('the new lines to be counted', () => countedRequests(db) >= 20);
  first.child.kill('SIGTERM');
  second.child.kill('SIGTERM');
  await Promise.all([first.exit, second.exit]);
  expect(code).toBe(1);
  expect(second.stderr()).toContain(`another lantern --follow (pid ${first.child.pid}) is following these inputs`);
  expect(countedRequests(db)).toBe(20);
}, 180_000);
