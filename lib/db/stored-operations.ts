import { DEPRECATION_MARKER_KEYS, LIFECYCLE_KEYS } from '../openapi/spec-extensions';
import { db } from './client';
import { reclassifyEndpoints, type EndpointChange } from './reclassify';
import { normalisedSpecOf, operationKey } from './spec-catalog';
import { lockForInventoryWrite } from './write-lock';

/** The extensions lib/openapi/spec-extensions.ts deprecates by: a spec without any has no `x-status: deprecated`. */
const DEPRECATING_KEYS = [...LIFECYCLE_KEYS, ...DEPRECATION_MARKER_KEYS];

/**
 * An Operation row keeps the sunset and deprecation read when its spec was registered, and rows registered before a
 * reading changed kept the old one until a new version was pushed. Until 6 Dec a sunset extension that is no date was
 * guessed into one (`x-sunset: see ticket API-123` the year 123, `TBD 1` 2001: every call a zombie) and a zone-less
 * date-time was read in the server's zone; and `x-status: deprecated`, `x-deprecated: true` and
 * `x-version-deprecated` deprecated nothing. Applied once at serve's
 * start: each stored spec that may say either (older versions too, a restore reuses their rows) is read again; a row
 * whose sunset differs from today's reading gets it, or, with none, the sunset governance approved for it (approving
 * writes the spec's sunset, else the date proposed: lib/db/deprecations.ts), and a row today's reading deprecates is
 * deprecated (never the other way: an approval deprecates too). The endpoints of the rows changed are reclassified.
 */
export async function rereadStoredOperations(now = new Date()): Promise<{ operations: number; changed: EndpointChange[] }> {
  const specs = await db().spec.findMany({
    where: { OR: [{ operations: { some: { sunsetAt: { not: null } } } }, ...DEPRECATING_KEYS.map((k) => ({ raw: { contains: k } }))] },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  const fixed: string[] = [];
  for (const { id } of specs) {
    // Parsed before the lock (Stripe's takes seconds), written under it.
    const spec = await normalisedSpecOf(db(), id);
    if (!spec) continue;
    const read = new Map(spec.operations.map((op) => [operationKey(op.method, op.path), op]));
    await db().$transaction(
      async (tx) => {
        await lockForInventoryWrite(tx);
        const rows = await tx.operation.findMany({
          where: { specId: id, OR: [{ sunsetAt: { not: null } }, { deprecated: false }] },
          select: { id: true, method: true, pathTemplate: true, deprecated: true, sunsetAt: true, deprecations: { where: { status: 'approved' }, select: { proposedSunset: true }, orderBy: { decidedAt: 'desc' } } },
        });
        for (const row of rows) {
          const op = read.get(operationKey(row.method, row.pathTemplate));
          if (!op) continue;
          const approved = row.deprecations.find((d) => d.proposedSunset !== null)?.proposedSunset ?? null;
          const sunsetAt = op.sunset ? new Date(op.sunset) : approved;
          const deprecated = row.deprecated || op.deprecated;
          if (sunsetAt?.getTime() === row.sunsetAt?.getTime() && deprecated === row.deprecated) continue;
          await tx.operation.update({ where: { id: row.id }, data: { sunsetAt, deprecated } });
          fixed.push(row.id);
        }
      },
      { timeout: 120_000, maxWait: 60_000 },
    );
  }
  if (fixed.length === 0) return { operations: 0, changed: [] };
  const endpointIds: string[] = [];
  // SQLite binds at most 999 values a query.
  for (let i = 0; i < fixed.length; i += 500) {
    const rows = await db().endpoint.findMany({ where: { operationId: { in: fixed.slice(i, i + 500) } }, select: { id: true } });
    endpointIds.push(...rows.map((e) => e.id));
  }
  const { changed } = await reclassifyEndpoints({ endpointIds }, 'system', 'spec operations read again', { now });
  return { operations: fixed.length, changed };
}
