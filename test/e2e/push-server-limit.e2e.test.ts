import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { createClient } from '../../lib/db/client';
import { useFreshDatabase } from '../db-harness';
import { runLantern } from '../run-lantern';
import { startLantern, type RunningLantern } from './lantern-server';

const run = promisify(execFile);
const LANTERN = join(import.meta.dirname, '../../bin/lantern');
let lantern: RunningLantern | undefined;
afterAll(() => lantern?.stop());

/**
 * A server run with a lower LANTERN_INGEST_MAX_BYTES than the 32 MiB collectors cut batches to (1 MiB here): a log
 * of 1000 endpoints called on 40 days each is one batch of about 2 MiB, refused with Lantern's 413 and set aside in
 * rejected/ for good. The server now says its limit with its templating context, and the collector cuts to it.
 */
test("push cuts its batches to the server's LANTERN_INGEST_MAX_BYTES: a log over it is counted whole, nothing set aside", async () => {
  const url = await useFreshDatabase('sqlite');
  lantern = await startLantern({ DATABASE_URL: url, LANTERN_DEMO: '0', LANTERN_INGEST_MAX_BYTES: String(1 << 20) });
  const env = { ...process.env, DATABASE_URL: url, LANTERN_DATA_DIR: lantern.dataDir };
  const token = (await run(LANTERN, ['token', 'create', '--name', 'pusher', '--scope', 'ingest'], { env })).stdout.trim();
  const work = mkdtempSync(join(tmpdir(), 'lantern-push-limit-'));
  const lines: string[] = [];
  for (let day = 1; day <= 40; day++) {
    for (let h = 0; h < 1000; h++) {
      lines.push(JSON.stringify({ ts: new Date(Date.UTC(2026, 9, day, 10)).toISOString(), host: `svc${h}.corp.test`, method: 'GET', path: '/health', status: 200 }));
    }
  }
  const file = join(work, 'exchanges.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const pusherData = join(work, 'pusher');
  const pushed = await runLantern(['push', file, '--server', lantern.url, '--token', token, '--retry-for', '5'], { ...env, LANTERN_DATA_DIR: pusherData });
  const rejected = join(pusherData, 'spool');
  const setAside = existsSync(rejected) ? readdirSync(rejected).flatMap((d) => (existsSync(join(rejected, d, 'rejected')) ? readdirSync(join(rejected, d, 'rejected')) : [])) : [];
  expect({ code: pushed.code, setAside }, pushed.stderr).toEqual({ code: 0, setAside: [] });
  const client = createClient(url);
  try {
    const sum = await client.endpoint.aggregate({ _sum: { requestCount: true }, _count: true });
    expect([sum._count, Number(sum._sum.requestCount)]).toEqual([1000, 40_000]);
  } finally {
    await client.$disconnect();
  }
}, 300_000);
