import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { createClient } from '../../lib/db/client';
import { startLantern, type RunningLantern } from './lantern-server';

const run = promisify(execFile);
const LANTERN = join(import.meta.dirname, '../../bin/lantern');
let lantern: RunningLantern | undefined;
afterAll(() => lantern?.stop());

/** Nginx combined lines for 40 endpoints; every line is one exchange. */
function lines(from: number, n: number): string {
  let out = '';
  for (let i = from; i < from + n; i++) {
    out += `10.0.0.${i % 250} - - [23/Nov/2026:10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} +0000] "GET /svc${i % 40}/items HTTP/1.1" 200 512 "-" "curl/8.5"\n`;
  }
  return out;
}

test('push --follow killed with SIGKILL mid-stream and restarted: every appended line is counted exactly once', async () => {
  const work = mkdtempSync(join(tmpdir(), 'lantern-follow-'));
  const url = `file:${join(work, 'server.db')}`;
  lantern = await startLantern({ DATABASE_URL: url, LANTERN_DEMO: '0' });
  const env = { ...process.env, DATABASE_URL: url, LANTERN_DATA_DIR: lantern.dataDir };
  const token = (await run(LANTERN, ['token', 'create', '--name', 'tail', '--scope', 'ingest'], { env })).stdout.trim();
  const log = join(work, 'access.log');
  writeFileSync(log, lines(0, 2000));
  let written = 2000;
  const pusherEnv = { ...env, LANTERN_DATA_DIR: join(work, 'pusher') };
  const startPusher = (): ChildProcess =>
    spawn(LANTERN, ['push', log, '--follow', '--server', lantern!.url, '--token', token, '--host', 'web.test', '--name', 'tail', '--flush-every', '1', '--state-dir', join(work, 'state')], { env: pusherEnv, stdio: 'ignore' });

  const counted = async () => {
    const client = createClient(url);
    try {
      return Number((await client.endpoint.aggregate({ _sum: { requestCount: true } }))._sum.requestCount ?? 0);
    } finally {
      await client.$disconnect();
    }
  };
  const until = async (cond: () => Promise<boolean>, ms = 90_000) => {
    const end = Date.now() + ms;
    while (!(await cond())) {
      if (Date.now() > end) throw new Error(`not reached in time: counted ${await counted()} of ${written}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  let pusher = startPusher();
  await until(async () => (await counted()) > 0);
  // Keep appending while the pusher runs, then kill it without warning in the middle of it.
  for (let round = 0; round < 5; round++) {
    appendFileSync(log, lines(written, 700));
    written += 700;
    await new Promise((r) => setTimeout(r, 150));
  }
  pusher.kill('SIGKILL');
  await new Promise((r) => pusher.once('exit', r));
  appendFileSync(log, lines(written, 1500));
  written += 1500;

  pusher = startPusher();
  await until(async () => (await counted()) >= written);
  await new Promise((r) => setTimeout(r, 2500)); // a duplicate would arrive with the next flush
  pusher.kill('SIGINT');
  await new Promise((r) => pusher.once('exit', r));
  expect(await counted()).toBe(written);
});
