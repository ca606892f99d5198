import { withRecordedQueryNames } from '../inventory/recorded-query-params';
import { inEndpointPages } from './endpoint-pages';
import { jsonColumn } from './json-column';

/**
 * Since 5 Dec the server stores a bare token an older collector sent as a query name as `{redacted}` (lib/db/ingest.ts),
 * but only for traffic ingested from then on: rows stored before the upgrade kept the token in their evidence, where
 * the inventory API and `lantern inventory --json` show it, and new traffic to them counted beside it under
 * `{redacted}`. Applied once at serve's start, it gives those rows the same names (counts merged) as if ingested now.
 * Pages under the inventory write lock, so an ingest in between cannot have its evidence overwritten with older counts.
 */
export async function redactStoredQueryNames(): Promise<{ changed: number }> {
  let changed = 0;
  await inEndpointPages(
    (tx, page) => tx.endpoint.findMany({ ...page, select: { id: true, evidence: true } }),
    async (tx, rows) => {
      for (const row of rows) {
        const evidence = row.evidence as { queryParams?: Record<string, number> } | null;
        if (!evidence?.queryParams) continue;
        const queryParams = withRecordedQueryNames(evidence.queryParams);
        if (queryParams === evidence.queryParams) continue;
        await tx.endpoint.update({ where: { id: row.id }, data: { evidence: jsonColumn({ ...evidence, queryParams }) } });
        changed++;
      }
    },
  );
  return { changed };
}
