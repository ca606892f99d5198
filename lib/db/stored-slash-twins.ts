import { slashTwins } from '../openapi/trailing-slash-twins';
import { db } from './client';
import { reclassifyEndpoints, type EndpointChange } from './reclassify';
import { loadSpecCatalog, operationKey } from './spec-catalog';

/**
 * A current spec writing one operation both with and without a trailing slash (`GET /items` beside a deprecated
 * `GET /items/`) had its calls matched to the spelling last in path order until 7 Dec, a deprecated one included, so
 * calls to the live operation were stored as zombie calls. Applied once at serve's start: the endpoints stored against
 * a spelling that no longer takes the calls are reclassified (lib/openapi/trailing-slash-twins.ts).
 */
export async function reclassifySlashTwins(): Promise<{ changed: EndpointChange[] }> {
  const catalog = await loadSpecCatalog(db());
  const operationIds = [...catalog.specs.values()].flatMap((s) =>
    slashTwins(s.spec).flatMap(({ twin }) => {
      const row = s.operations.get(operationKey(twin.method, twin.path));
      return row ? [row.id] : [];
    }),
  );
  if (operationIds.length === 0) return { changed: [] };
  const endpointIds: string[] = [];
  // SQLite binds at most 999 values a query.
  for (let i = 0; i < operationIds.length; i += 500) {
    const rows = await db().endpoint.findMany({ where: { operationId: { in: operationIds.slice(i, i + 500) } }, select: { id: true } });
    endpointIds.push(...rows.map((e) => e.id));
  }
  return endpointIds.length === 0 ? { changed: [] } : reclassifyEndpoints({ endpointIds }, 'system', 'trailing-slash spellings of one operation');
}
