import { latencyFigures, readLatency } from '../discovery/latency-summary';
import { db } from './client';

const PAGE = 1000;

/**
 * The inventory sorts by Endpoint.latencyP95Ms, written with the latency summary since 7 Dec (lib/db/latency-columns.ts);
 * a row timed before has the summary alone and would sort with the untimed. Applied once at serve's start: each row
 * with a summary and no p95 gets it. Ingest may write the row meanwhile, and then writes the p95 itself: the update
 * is conditional on the column still being empty, so it never puts back the p95 of a summary superseded.
 */
export async function backfillStoredLatencyP95(): Promise<{ changed: number }> {
  let changed = 0;
  let after = '';
  for (;;) {
    const rows = await db().endpoint.findMany({ where: { latencyP95Ms: null, id: { gt: after } }, orderBy: { id: 'asc' }, take: PAGE, select: { id: true, latency: true } });
    for (const row of rows) {
      const p95 = latencyFigures(readLatency(row.latency))?.p95;
      if (p95 === undefined) continue;
      changed += (await db().endpoint.updateMany({ where: { id: row.id, latencyP95Ms: null }, data: { latencyP95Ms: p95 } })).count;
    }
    if (rows.length < PAGE) return { changed };
    after = rows[rows.length - 1].id;
  }
}
