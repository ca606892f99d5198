import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { createClient } from '../../lib/db/client';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { startLantern, type RunningLantern } from './lantern-server';

const run = promisify(execFile);
const LANTERN = join(import.meta.dirname, '../../bin/lantern');

/** 3,000 hosts × a known number of requests each: three batches of observations, 24,000 exchanges. */
function writeExchanges(dir: string): { file: string; total: number } {
  const lines: string[] = [];
  let total = 0;
  for (let h = 0; h < 3000; h++) {
    const n = (h % 15) + 1;
    for (let i = 0; i < n; i++) {
      lines.push(JSON.stringify({ ts: new Date(Date.UTC(2026, 10, 20, 0, 0, i)).toISOString(), host: `svc${h}.corp.test`, method: 'GET', path: '/health', status: 200 }));
      total++;
    }
  }
  const file = join(dir, 'exchanges.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, total };
}

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`push to a server on ${kind}`, () => {
    let lantern: RunningLantern | undefined;
    afterAll(() => lantern?.stop());

    test('4 concurrent pushers, each pushing twice, one killed mid-push and restarted: totals are exact', async () => {
      const url = await useFreshDatabase(kind);
      const work = mkdtempSync(join(tmpdir(), 'lantern-push-'));
      const { file, total } = writeExchanges(work);
      lantern = await startLantern({ DATABASE_URL: url, LANTERN_DEMO: '0' });
      const env = { ...process.env, DATABASE_URL: url, LANTERN_DATA_DIR: lantern.dataDir };
      const token = (await run(LANTERN, ['token', 'create', '--name', 'pushers', '--scope', 'ingest'], { env })).stdout.trim();

      const push = (i: number) => {
        const dataDir = join(work, `pusher-${i}`);
        const child = spawn(LANTERN, ['push', file, '--server', lantern!.url, '--token', token, '--name', `pusher-${i}`], {
          env: { ...env, LANTERN_DATA_DIR: dataDir, LANTERN_FINGERPRINT_KEY: 'shared-fingerprint-key-0123456789' },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr!.on('data', (d) => (stderr += d));
        const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        return { child, done, dataDir, stderr: () => stderr };
      };

      // Pusher 0 is killed as soon as it has spooled its batches (before or while sending them).
      const victim = push(0);
      const others = [1, 2, 3].map(push);
      await waitFor(() => spooled(victim.dataDir) > 0 || victim.child.exitCode !== null);
      victim.child.kill('SIGKILL');
      await victim.done;
      for (const p of others) expect(await p.done, p.stderr()).toBe(0);
      // Everybody pushes the same file a second time, the killed one resumes from its spool.
      const second = [0, 1, 2, 3].map(push);
      for (const p of second) expect(await p.done, p.stderr()).toBe(0);
      expect(spooled(victim.dataDir)).toBe(0);

      const client = createClient(url);
      try {
        const sum = await client.endpoint.aggregate({ _sum: { requestCount: true }, _count: true });
        expect(sum._count).toBe(3000);
        expect(Number(sum._sum.requestCount)).toBe(total);
        const daily = await client.endpointDailyStat.aggregate({ _sum: { requests: true } });
        expect(Number(daily._sum.requests)).toBe(total);
        // Three batches of the file, each kept under its content's key too (the key a pipe of it gets): three alias rows.
        expect(await client.ingestBatch.count({ where: { idempotencyKey: { startsWith: 'b-' }, collectorId: { not: null } } })).toBe(3);
        expect(await client.ingestBatch.count({ where: { idempotencyKey: { startsWith: 'b-' }, collectorId: null } })).toBe(3);
        const collectors = await client.collector.findMany();
        const exchanges = collectors.reduce((n, c) => n + ((c.counters as { exchanges?: number }).exchanges ?? 0), 0);
        expect(exchanges).toBe(total);
      } finally {
        await client.$disconnect();
      }
    });
  });
}

function spooled(dataDir: string): number {
  try {
    const spoolRoot = join(dataDir, 'spool');
    return readdirSync(spoolRoot).reduce((n, d) => n + readdirSync(join(spoolRoot, d)).filter((f) => f.endsWith('.json')).length, 0);
  } catch {
    return 0;
  }
}

async function waitFor(cond: () => boolean, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
