import { db } from './client';
import { reclassifyEndpoints, type EndpointChange } from './reclassify';
import { normalisedSpecOf, operationKey } from './spec-catalog';
import { lockForInventoryWrite } from './write-lock';

/**
 * An Operation row keeps the sunset read when its spec was registered. Until 6 Dec a sunset extension that is no date
 * was guessed into one (`x-sunset: see ticket API-123` the year 123, `TBD 1` 2001: every call a zombie) and a
 * zone-less date-time was read in the server's zone, and rows registered then kept that date until a new version was
 * pushed. Applied once at serve's start: each stored spec (older versions too, a restore reuses their rows) is read
 * again, and a row whose sunset differs from today's reading gets it, or, with none, the sunset governance approved
 * for it (approving writes the spec's sunset, else the date proposed: lib/db/deprecations.ts); the endpoints of the
 * rows changed are then reclassified.
 */
export async function rereadStoredSunsets(now = new Date()): Promise<{ operations: number; changed: EndpointChange[] }> {
  const specs = await db().spec.findMany({ where: { operations: { some: { sunsetAt: { not: null } } } }, select: { id: true }, orderBy: { id: 'asc' } });
  const fixed: string[] = [];
  for (const { id } of specs) {
    // Parsed before the lock (Stripe's takes seconds), written under it.
    const spec = await normalisedSpecOf(db(), id);
    if (!spec) continue;
    const read = new Map(spec.operations.map((op) => [operationKey(op.method, op.path), op.sunset]));
    await db().$transaction(
      async (tx) => {
        await lockForInventoryWrite(tx);
        const rows = await tx.operation.findMany({
          where: { specId: id, sunsetAt: { not: null } },
          select: { id: true, method: true, pathTemplate: true, sunsetAt: true, deprecations: { where: { status: 'approved' }, select: { proposedSunset: true }, orderBy: { decidedAt: 'desc' } } },
        });
        for (const row of rows) {
          const key = operationKey(row.method, row.pathTemplate);
          if (!read.has(key)) continue;
          const sunset = read.get(key);
          const approved = row.deprecations.find((d) => d.proposedSunset !== null)?.proposedSunset ?? null;
          const want = sunset ? new Date(sunset) : approved;
          if (want?.getTime() === row.sunsetAt?.getTime()) continue;
          await tx.operation.update({ where: { id: row.id }, data: { sunsetAt: want } });
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
  const { changed } = await reclassifyEndpoints({ endpointIds }, 'system', 'spec sunsets read again', { now });
  return { operations: fixed.length, changed };
}
