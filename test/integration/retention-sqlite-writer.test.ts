import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb, type Db } from '../../lib/db/client';
import { sqlitePath } from '../../lib/db/database-url';
import { rollUpDailyStats } from '../../lib/db/retention';
import { databaseAvailable, useFreshDatabase } from '../db-harness';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

const bound = <T extends object>(target: T, key: string | symbol) => {
  const v = Reflect.get(target, key, target) as unknown;
  return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
};

/**
 * The one client, with `between` run inside every transaction right after its first read of daily stats: a second
 * connection (as a CLI ingest next to the server is) writes at exactly that point, no timing involved.
 */
function writeAfterFirstRead(between: () => void): void {
  const real = db();
  const hookTx = (tx: Tx): Tx =>
    new Proxy(tx, {
      get: (t, k) => {
        if (k !== 'endpointDailyStat') return bound(t, k);
        const model = t.endpointDailyStat;
        return new Proxy(model, {
          get: (m, mk) => (mk === 'findMany' ? async (args: Parameters<typeof model.findMany>[0]) => { const rows = await m.findMany(args); between(); return rows; } : bound(m, mk)),
        });
      },
    });
  const hooked = new Proxy(real, {
    get: (t, k) =>
      k === '$transaction'
        ? (fn: (tx: Tx) => Promise<unknown>, opts?: object) => t.$transaction((tx) => fn(hookTx(tx)), opts)
        : bound(t, k),
  });
  (globalThis as unknown as { lanternDb: { client: Db } }).lanternDb.client = hooked;
}

describe.skipIf(!databaseAvailable('sqlite'))('retention beside another SQLite writer', () => {
  let url: string;
  beforeAll(async () => {
    url = await useFreshDatabase('sqlite');
  });
  afterAll(() => disconnectDb());

  test('a write from another connection mid-roll-up waits for the roll-up instead of failing it with SQLITE_BUSY', async () => {
    await db().endpoint.create({
      data: {
        host: 'h.test', method: 'GET', pathTemplate: '/r', firstSeen: new Date(), lastSeen: new Date(), requestCount: 13n, state: 'shadow',
        dailyStats: { create: [{ day: '2026-06-01', requests: 5, errors: 1, unauthenticated: 0 }, { day: '2026-06-30', requests: 7, errors: 0, unauthenticated: 0 }, { day: '2026-11-20', requests: 1, errors: 0, unauthenticated: 0 }] },
      },
    });
    // An ingest's write, by its own connection; no busy wait, so "kept out" shows as SQLITE_BUSY here, at once.
    const other = new Database(sqlitePath(url), { timeout: 0 });
    const ingestWrite = () => other.prepare(`UPDATE "Endpoint" SET "requestCount" = "requestCount" + 1`).run();
    const seen: string[] = [];
    writeAfterFirstRead(() => {
      try {
        ingestWrite();
        seen.push('other writer committed mid-roll-up');
      } catch (err) {
        seen.push(`other writer kept out: ${(err as { code?: string }).code}`);
      }
    });
    // Before 5 Dec the roll-up read first and upgraded later: the other writer committed in between and the
    // roll-up's first write failed with SQLITE_BUSY_SNAPSHOT, which no busy timeout retries.
    expect(await rollUpDailyStats(new Date('2026-11-23T00:00:00Z'), 90)).toEqual({ folded: 2, months: 1 });
    expect(seen).toEqual(['other writer kept out: SQLITE_BUSY']);
    // The ingest, retried after the roll-up (as its busy timeout does), loses nothing and counts nothing twice.
    ingestWrite();
    other.close();
    await disconnectDb();
    const rows = await db().endpointDailyStat.findMany({ orderBy: { day: 'asc' }, select: { day: true, requests: true, errors: true } });
    expect(rows).toEqual([{ day: '2026-06', requests: 12n, errors: 1n }, { day: '2026-11-20', requests: 1n, errors: 0n }]);
    expect((await db().endpoint.findFirstOrThrow()).requestCount).toBe(14n);
  });
});
