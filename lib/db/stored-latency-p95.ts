import { latencyFigures, readLatency } from '../discovery/latency-summary';
import { inEndpointPages } from './endpoint-pages';

/**
 * The inventory sorts by Endpoint.latencyP95Ms, written with the latency summary since 7 Dec (lib/db/latency-columns.ts);
 * a row timed before has the summary alone and would sort with the untimed. Applied once at serve's start: each row
 * with a summary and no p95 gets it, page by page under the inventory write lock as the other passes walk endpoints
 * (endpoint-pages.ts), so an ingest writing the row in between is never overwritten with an older summary's p95.
 */
export async function backfillStoredLatencyP95(): Promise<{ changed: number }> {
  let changed = 0;
  await inEndpointPages(
    (tx, page) => tx.endpoint.findMany({ ...page, where: { ...page.where, latencyP95Ms: null }, select: { id: true, latency: true } }),
    async (tx, rows) => {
      for (const row of rows) {
        const p95 = latencyFigures(readLatency(row.latency))?.p95;
        if (p95 === undefined) continue;
        await tx.endpoint.update({ where: { id: row.id }, data: { latencyP95Ms: p95 } });
        changed++;
      }
    },
  );
  return { changed };
}
