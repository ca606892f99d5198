import { withRecordedAuthKinds } from '../inventory/recorded-auth-kinds';
import { endpointFacets } from './endpoint-facets';
import { jsonColumn } from './json-column';
import { inEndpointPages } from './endpoint-pages';

/**
 * Since 6 Dec a cookie name shaped like a credential (a token set as a name, ASP.NET Core's per-sign-in nonce names)
 * is recorded as `{redacted}` in the kind (lib/exchange/session-cookie-names.ts), by collectors and at the server's
 * door (lib/db/ingest.ts); rows stored before kept it in their auth counts and the auth facet, where the inventory
 * API, its Auth filter and the export show it. Applied once at serve's start, it gives those rows the kinds they
 * would get if ingested now (counts merged). Pages under the inventory write lock, as the query-name pass does.
 */
export async function redactStoredAuthKinds(): Promise<{ changed: number }> {
  let changed = 0;
  await inEndpointPages(
    (tx, page) => tx.endpoint.findMany({ ...page, select: { id: true, authCounts: true, sensitiveTags: true } }),
    async (tx, rows) => {
      for (const row of rows) {
        const stored = (row.authCounts ?? {}) as Record<string, number>;
        const authCounts = withRecordedAuthKinds(stored);
        if (authCounts === stored) continue;
        await tx.endpoint.update({ where: { id: row.id }, data: { authCounts: jsonColumn(authCounts), ...endpointFacets(authCounts, (row.sensitiveTags ?? []) as string[]) } });
        changed++;
      }
    },
  );
  return { changed };
}
