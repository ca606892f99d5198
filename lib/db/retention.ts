import { db } from './client';
import { databaseKind } from './database-url';
import { env } from '../env';
import { lockForInventoryWrite } from './write-lock';

/**
 * Daily stats older than the horizon are folded into one row per endpoint and month (`day` = `YYYY-MM`), so
 * history stays queryable at month granularity while the table stops growing with time. Runs under the ingest lock
 * (write-lock.ts): a late batch for an old day never races the fold, and on SQLite the fold holds the write lock
 * before it reads, so a CLI ingest writing in between waits instead of failing the fold with SQLITE_BUSY.
 */
export async function rollUpDailyStats(now = new Date(), horizonDays = env().LANTERN_RETENTION_DAYS): Promise<{ folded: number; months: number }> {
  const cutoff = new Date(now.getTime() - horizonDays * 86_400_000).toISOString().slice(0, 10);
  const postgres = databaseKind(env().DATABASE_URL) === 'postgres';
  return db().$transaction(
    async (tx) => {
      await lockForInventoryWrite(tx);
      // `day` holds both `YYYY-MM-DD` and rolled-up `YYYY-MM`; only the former sort below a full cutoff date with length 10.
      const old = await tx.endpointDailyStat.findMany({ where: { day: { lt: cutoff } } });
      const daily = old.filter((r) => r.day.length === 10);
      if (daily.length === 0) return { folded: 0, months: 0 };
      const months = new Map<string, { endpointId: string; day: string; requests: bigint; errors: bigint; unauthenticated: bigint }>();
      for (const r of daily) {
        const key = `${r.endpointId}|${r.day.slice(0, 7)}`;
        const m = months.get(key) ?? { endpointId: r.endpointId, day: r.day.slice(0, 7), requests: 0n, errors: 0n, unauthenticated: 0n };
        m.requests += r.requests;
        m.errors += r.errors;
        m.unauthenticated += r.unauthenticated;
        months.set(key, m);
      }
      for (const m of months.values()) {
        await tx.endpointDailyStat.upsert({
          where: { endpointId_day: { endpointId: m.endpointId, day: m.day } },
          create: m,
          update: { requests: { increment: m.requests }, errors: { increment: m.errors }, unauthenticated: { increment: m.unauthenticated } },
        });
      }
      await tx.$executeRawUnsafe(`DELETE FROM "EndpointDailyStat" WHERE "day" < ${postgres ? '$1' : '?'} AND length("day") = 10`, cutoff);
      return { folded: daily.length, months: months.size };
    },
    { timeout: 300_000, maxWait: 60_000 },
  );
}
