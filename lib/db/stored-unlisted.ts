import { isUnlisted } from '../discovery/unlisted-shadows';
import { inEndpointPages } from './endpoint-pages';

/**
 * Endpoint.unlisted (stored-data rule 81), written since 7 Dec wherever state, method or statuses change; a row stored
 * before holds the column's default, false, and a scanner's 404-only probe or a preflight would stay listed and
 * counted on the dashboard. Applied once at serve's start, page by page under the inventory write lock as the other
 * passes walk endpoints (endpoint-pages.ts), so an ingest writing the row in between is never judged on older counts.
 */
export async function backfillStoredUnlisted(): Promise<{ changed: number }> {
  let changed = 0;
  await inEndpointPages(
    (tx, page) => tx.endpoint.findMany({ ...page, select: { id: true, state: true, method: true, statusCounts: true, unlisted: true } }),
    async (tx, rows) => {
      for (const row of rows) {
        const unlisted = isUnlisted({ state: row.state, method: row.method, statuses: row.statusCounts });
        if (unlisted === row.unlisted) continue;
        await tx.endpoint.update({ where: { id: row.id }, data: { unlisted } });
        changed++;
      }
    },
  );
  return { changed };
}
