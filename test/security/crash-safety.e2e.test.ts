import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { createClient } from '../../lib/db/client';
// Aliased for the helper below: lint reads a `use…` call in a plain function as a misplaced React hook.
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase, useFreshDatabase as freshDatabase } from '../db-harness';
import { hasCommand, requireFor } from '../require';
import { seededRandom } from '../../lib/seeded-random';
import { freePort, LANTERN, sleep, spooled, startPusher, startServer, writeExchanges, type Pusher, type Server } from './crash-harness';

/**
 * Crash safety, against the real server (a production build) and the real pusher:
 *  1. the app SIGKILLed at random points while three pushers ingest, pushers SIGKILLed and restarted too, then
 *     everything restarted: request totals exact, SQLite `PRAGMA integrity_check` ok, daily stats agree;
 *  2. the database unavailable for a minute (PostgreSQL stopped hard; SQLite locked by another writer): the
 *     pusher spools, keeps retrying, and catches up when it is back — totals exact.
 * LANTERN_TEST_CRASH_SEED replays a run's kill points; LANTERN_TEST_OUTAGE_SECONDS shortens the outage locally.
 */
const run = promisify(execFile);
const SEED = Number(process.env.LANTERN_TEST_CRASH_SEED ?? Date.now() % 100_000);
const OUTAGE_MS = Number(process.env.LANTERN_TEST_OUTAGE_SECONDS ?? 60) * 1000;
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

async function ingestToken(env: Record<string, string>): Promise<string> {
  return (await run(LANTERN, ['token', 'create', '--name', 'crash-pushers', '--scope', 'ingest'], { env: { ...process.env, ...env } })).stdout.trim();
}

async function totals(url: string): Promise<{ requests: number; daily: number; batches: number }> {
  const client = createClient(url);
  try {
    const e = await client.endpoint.aggregate({ _sum: { requestCount: true } });
    const d = await client.endpointDailyStat.aggregate({ _sum: { requests: true } });
    return { requests: Number(e._sum.requestCount ?? 0), daily: Number(d._sum.requests ?? 0), batches: await client.ingestBatch.count() };
  } finally {
    await client.$disconnect();
  }
}

function sqliteIntegrity(url: string): { integrity: string; foreignKeys: unknown[] } {
  const file = new Database(url.replace(/^file:/, ''), { readonly: true });
  try {
    return { integrity: file.pragma('integrity_check', { simple: true }) as string, foreignKeys: file.pragma('foreign_key_check') as unknown[] };
  } finally {
    file.close();
  }
}

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`crash safety on ${kind} (seed ${SEED})`, () => {
    test('app and pushers SIGKILLed at random points during ingest, restarted: totals exact, no corruption', async () => {
      const random = seededRandom(SEED);
      const url = await useFreshDatabase(kind);
      const work = mkdtempSync(join(tmpdir(), 'lantern-crash-'));
      const { file, total } = writeExchanges(work, 9000);
      const port = await freePort();
      const serverEnv = { DATABASE_URL: url, LANTERN_DATA_DIR: join(work, 'server') };
      let server: Server = await startServer(port, serverEnv);
      cleanups.push(() => server.stop());
      const token = await ingestToken(serverEnv);
      const pusherEnv = { DATABASE_URL: url };
      const pushers: Pusher[] = [0, 1, 2].map((i) => startPusher(file, server.url, token, `pusher-${i}`, join(work, `pusher-${i}`), pusherEnv));

      let killedMidPush = 0;
      for (let round = 0; round < 4; round++) {
        // Kill while batches are in flight: once some pusher has spooled (it sends right after), plus a random delay.
        await waitUntil(() => [0, 1, 2].some((i) => spooled(join(work, `pusher-${i}`)) > 0) || pushers.every((p) => p.child.exitCode !== null));
        await sleep(random() * 500);
        killedMidPush += pushers.some((p) => p.child.exitCode === null) ? 1 : 0;
        await server.kill9();
        const victim = Math.floor(random() * 3);
        if (random() < 0.6 && pushers[victim].child.exitCode === null) {
          await pushers[victim].kill9();
          pushers[victim] = startPusher(file, server.url, token, `pusher-${victim}`, join(work, `pusher-${victim}`), pusherEnv);
        }
        await sleep(200 + random() * 1500);
        server = await startServer(port, serverEnv);
      }
      for (const p of pushers) expect(await p.done, p.stderr()).toBe(0);
      // At least the first kill landed while pushers were sending (it waits for a spooled batch).
      expect(killedMidPush).toBeGreaterThan(0);
      // Whatever was killed half-way has been resumed from the spools; pushing the file again changes nothing.
      const again = startPusher(file, server.url, token, 'pusher-again', join(work, 'pusher-again'), pusherEnv);
      expect(await again.done, again.stderr()).toBe(0);
      for (let i = 0; i < 3; i++) expect(spooled(join(work, `pusher-${i}`))).toBe(0);
      await server.stop();

      const t = await totals(url);
      expect({ requests: t.requests, daily: t.daily }).toEqual({ requests: total, daily: total });
      expect(t.batches).toBeGreaterThanOrEqual(6);
      if (kind === 'sqlite') expect(sqliteIntegrity(url)).toEqual({ integrity: 'ok', foreignKeys: [] });
    }, 600_000);
  });
}

// Both outages at once: each test spends its minute waiting (a lock held, a cluster stopped) on its own database,
// server and pusher, so run one after the other they only added a minute of idle wall time to CI.
describe.concurrent(`a database outage (${OUTAGE_MS / 1000} s)`, () => {
  for (const kind of DATABASE_KINDS) {
    test.skipIf(!databaseAvailable(kind))(`on ${kind}, the database unavailable for ${OUTAGE_MS / 1000} s: the pusher spools, retries and catches up`, async ({ expect }) => {
      if (kind === 'postgres' && !requireFor('PostgreSQL outage test', hasCommand('/usr/lib/postgresql/15/bin/pg_ctl'), 'install PostgreSQL 15')) return;
      const outage = kind === 'sqlite' ? sqliteOutage : await postgresOutage();
      const url = kind === 'sqlite' ? await useFreshDatabase('sqlite') : await freshDatabaseOn(outage.url!);
      const work = mkdtempSync(join(tmpdir(), 'lantern-outage-'));
      const { file, total } = writeExchanges(work, 3000);
      const serverEnv = { DATABASE_URL: url, LANTERN_DATA_DIR: join(work, 'server') };
      const server = await startServer(await freePort(), serverEnv);
      cleanups.push(() => server.stop());
      const token = await ingestToken(serverEnv);

      const restore = await outage.begin(url);
      const pusher = startPusher(file, server.url, token, 'outage-pusher', join(work, 'pusher'), { DATABASE_URL: url });
      // The outage lasts OUTAGE_MS, and at least until the pusher has met it (reading the input takes a while).
      const outageEnds = Date.now() + OUTAGE_MS;
      let sawSpool = false;
      while (Date.now() < outageEnds || !/retrying in/.test(pusher.stderr())) {
        sawSpool ||= spooled(join(work, 'pusher')) > 0;
        expect(pusher.child.exitCode, `pusher gave up during the outage:\n${pusher.stderr()}`).toBeNull();
        await sleep(250);
      }
      expect(sawSpool).toBe(true);
      await restore();
      expect(await pusher.done, pusher.stderr()).toBe(0);
      expect(pusher.stderr()).toMatch(/retrying in/);
      // Refusals are not the same as catching up: no batch may have been dropped as rejected.
      expect(pusher.stderr()).not.toMatch(/rejected, set aside/);
      expect(spooled(join(work, 'pusher'))).toBe(0);
      await server.stop();
      const t = await totals(url);
      expect({ requests: t.requests, daily: t.daily }).toEqual({ requests: total, daily: total });
    }, OUTAGE_MS + 300_000);
  }
});

async function waitUntil(cond: () => boolean, timeoutMs = 120_000) {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(20);
  }
}

interface Outage {
  url?: string;
  begin: (url: string) => Promise<() => Promise<void>>;
}

/** SQLite has no server to stop: another process takes the write lock and holds it, as a stuck writer would. */
const sqliteOutage: Outage = {
  async begin(url) {
    const holder = spawn(process.execPath, ['-e', `
      const db = new (require('better-sqlite3'))(${JSON.stringify(url.replace(/^file:/, ''))});
      db.exec('BEGIN EXCLUSIVE');
      process.stdout.write('locked\\n');
      process.stdin.on('data', () => { db.exec('ROLLBACK'); db.close(); process.exit(0); });
    `], { cwd: join(import.meta.dirname, '../..'), stdio: ['pipe', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.once('data', () => resolve());
      holder.once('exit', (code) => reject(new Error(`lock holder exited ${code}`)));
    });
    return async () => {
      holder.stdin!.write('release\n');
      await new Promise((r) => holder.once('exit', r));
    };
  },
};

/** A dedicated throw-away cluster, stopped hard (immediate: no checkpoint, like a crash) and started again. */
async function postgresOutage(): Promise<Outage> {
  const out = (await run('bash', [join(import.meta.dirname, '../pg/start-cluster.sh')])).stdout;
  const dir = /LANTERN_PG_DIR='([^']+)'/.exec(out)![1];
  const url = /LANTERN_TEST_PG_URL='([^']+)'/.exec(out)![1];
  const port = new URL(url).port;
  const asPostgres = (cmd: string) => run('sh', ['-c', process.getuid?.() === 0 ? `su postgres -s /bin/sh -c "${cmd.replace(/"/g, '\\"')}"` : cmd]);
  const pgCtl = `/usr/lib/postgresql/15/bin/pg_ctl -D '${dir}/data'`;
  cleanups.push(async () => {
    await asPostgres(`${pgCtl} -m immediate stop`).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    url,
    async begin(dbUrl) {
      // The throw-away cluster runs with synchronous_commit=off for speed: flush what is committed (the token),
      // so the crash below loses nothing a production server (synchronous_commit=on) would have kept.
      await run('/usr/lib/postgresql/15/bin/psql', [dbUrl, '-qc', 'CHECKPOINT']);
      await asPostgres(`${pgCtl} -m immediate -w stop`);
      return async () => {
        await asPostgres(`${pgCtl} -l '${dir}/server.log' -w -o "-h 127.0.0.1 -p ${port} -k '${dir}' -c fsync=off" start`);
      };
    },
  };
}

/** A fresh, migrated database on the dedicated cluster, as useFreshDatabase makes them on the shared one. */
async function freshDatabaseOn(clusterUrl: string): Promise<string> {
  const saved = process.env.LANTERN_TEST_PG_URL;
  process.env.LANTERN_TEST_PG_URL = clusterUrl;
  try {
    return await freshDatabase('postgres');
  } finally {
    process.env.LANTERN_TEST_PG_URL = saved;
  }
}
