import { SUNSET_KEYS } from '../openapi/spec-extensions';
import { db } from './client';
import { reclassifyEndpoints, type EndpointChange } from './reclassify';

/**
 * Since 7 Dec a call to an operation deprecated by a sunset date alone carries the finding `deprecated-operation`
 * (lib/discovery/findings.ts); rows classified before have none until their next batch. Applied once at serve's
 * start: the endpoints of every spec giving a sunset (an operation's row, or any sunset key in its text: the API's
 * own) are reclassified, which writes today's findings.
 */
export async function refindSunsetFindings(now = new Date()): Promise<{ changed: EndpointChange[] }> {
  const specs = await db().spec.findMany({
    where: { OR: [{ operations: { some: { sunsetAt: { not: null } } } }, ...SUNSET_KEYS.map((k) => ({ raw: { contains: k } }))] },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  const endpointIds: string[] = [];
  // SQLite binds at most 999 values a query.
  for (let i = 0; i < specs.length; i += 500) {
    const rows = await db().endpoint.findMany({ where: { operation: { specId: { in: specs.slice(i, i + 500).map((s) => s.id) } } }, select: { id: true } });
    endpointIds.push(...rows.map((e) => e.id));
  }
  if (endpointIds.length === 0) return { changed: [] };
  return reclassifyEndpoints({ endpointIds }, 'system', 'findings of sunset operations', { now });
}
