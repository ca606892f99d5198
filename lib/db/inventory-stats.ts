import { dayWindow } from '../inventory/day-window';
import { AUTH_KINDS_LISTED, METHODS_LISTED, weekOf, type InventoryStats } from '../inventory/inventory-stats';
import { db } from './client';
import { databaseKind } from './database-url';
import { authSummaryKinds } from './endpoint-facets';
import { env } from '../env';

/** The dashboard's charts, computed in the database (one grouped query each) so they stay fast at 100k endpoints. */
export async function inventoryStats(now = new Date(), days = 30, weeks = 12): Promise<InventoryStats> {
  const pg = databaseKind(env().DATABASE_URL) === 'postgres';
  const window = dayWindow(now, days);
  const since = window[0];
  const rows = await db().$queryRawUnsafe<{ day: string; state: string; requests: bigint | number | string }[]>(
    `SELECT d."day" AS day, e."state" AS state, SUM(d."requests") AS requests
       FROM "EndpointDailyStat" d JOIN "Endpoint" e ON e."id" = d."endpointId"
      WHERE d."day" >= ${pg ? '$1' : '?'} AND length(d."day") = 10 AND e."ignoredById" IS NULL AND e."unlisted" = ${pg ? 'false' : '0'}
      GROUP BY d."day", e."state"`,
    since,
  );
  const byDay = new Map(window.map((day) => [day, { day, documented: 0, shadow: 0, zombie: 0 }]));
  for (const r of rows) {
    const slot = byDay.get(r.day);
    if (slot && (r.state === 'documented' || r.state === 'shadow' || r.state === 'zombie')) slot[r.state] += Number(r.requests);
  }

  const weekStart = new Date(Date.parse(`${weekOf(now)}T00:00:00Z`) - (weeks - 1) * 7 * 86_400_000);
  // One indexed range count per week (state, unlisted, firstSeen): no rows travel to JavaScript, whatever the inventory
  // size. Both charts leave out what the list leaves out (a scanner's 404s, CORS preflights: Endpoint.unlisted); until
  // 7 Dec a scanner's run showed as a week of new shadows and a day of shadow traffic.
  const perWeek = new Map<string, number>();
  await Promise.all(
    Array.from({ length: weeks }, async (_, i) => {
      const from = new Date(weekStart.getTime() + i * 7 * 86_400_000);
      const to = new Date(from.getTime() + 7 * 86_400_000);
      const count = await db().endpoint.count({ where: { state: 'shadow', unlisted: false, ignoredById: null, firstSeen: { gte: from, lt: to } } });
      perWeek.set(from.toISOString().slice(0, 10), count);
    }),
  );

  const base = { ignoredById: null };
  const [total, anonSensitive, anon, unknown, authKinds, ownerTeams, methods] = await Promise.all([
    db().endpoint.count({ where: base }),
    db().endpoint.count({ where: { ...base, authSummary: { contains: ',none,' }, hasSensitive: true } }),
    db().endpoint.count({ where: { ...base, authSummary: { contains: ',none,' } } }),
    db().endpoint.count({ where: { ...base, authSummary: '' } }),
    seenAuthKinds(),
    // Teams are few; each is one indexed existence check (ownerTeamId).
    db().team.findMany({ where: { endpoints: { some: { ignoredById: null } } }, select: { slug: true, name: true }, orderBy: { slug: 'asc' } }),
    seenMethods(),
  ]);
  return {
    requestsByDay: [...byDay.values()],
    newShadowsByWeek: [...perWeek].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([week, count]) => ({ week, count })),
    posture: [
      { bucket: 'authenticated', count: total - anon - unknown },
      { bucket: 'unauthenticated calls', count: anon - anonSensitive },
      { bucket: 'sensitive data, unauthenticated', count: anonSensitive },
      { bucket: 'auth not observable', count: unknown },
    ],
    authKinds,
    ownerTeams,
    methods,
  };
}

/**
 * Every auth kind an endpoint was called with: the distinct facet strings (`,bearer-jwt,cookie:session,`), split.
 * Endpoints share a handful of combinations, so the distinct rows stay few however large the inventory.
 */
async function seenAuthKinds(): Promise<string[]> {
  const rows = await db().$queryRawUnsafe<{ authSummary: string }[]>(
    `SELECT DISTINCT "authSummary" AS "authSummary" FROM "Endpoint" WHERE "ignoredById" IS NULL AND "authSummary" <> '' LIMIT 5000`,
  );
  const kinds = new Set<string>();
  for (const r of rows) for (const k of authSummaryKinds(r.authSummary)) kinds.add(k);
  return [...kinds].sort().slice(0, AUTH_KINDS_LISTED);
}

/** The distinct methods of the endpoints shown, as few as the estate has (one DISTINCT, no rows but them travel). */
async function seenMethods(): Promise<string[]> {
  const rows = await db().$queryRawUnsafe<{ method: string }[]>(
    `SELECT DISTINCT "method" AS "method" FROM "Endpoint" WHERE "ignoredById" IS NULL ORDER BY "method" LIMIT ${METHODS_LISTED}`,
  );
  return rows.map((r) => r.method);
}
