import { latencyFigures, readLatency } from '../discovery/latency-summary';
import { unlistedReason, type ShadowListing } from '../discovery/unlisted-shadows';
import { db } from './client';
import { listUnusedOperations } from './unused-operations';

/**
 * The stored inventory in `discover --json`'s shape (`endpoints` with host, method, path, state, requests,
 * operationId first; `unused` operations of current specs), plus what only the database knows: triage, first and
 * last seen, API, owner, findings. `operationId` is the spec's operationId, as in discover, not the row id.
 */
/** Undocumented endpoints that only ever got 404/405 and CORS preflights are left out unless included, as in `discover`. */
export interface InventoryFilter extends ShadowListing {
  api?: string;
  state?: string;
  includeIgnored?: boolean;
}

/** null when `filter.api` names no API: a mistyped slug is said, as `check` says it, not shown as an empty inventory. */
export async function exportInventory(filter: InventoryFilter = {}) {
  if (filter.api && !(await db().api.findUnique({ where: { slug: filter.api }, select: { id: true } }))) return null;
  const allRows = await db().endpoint.findMany({
    where: { ...(filter.api && { api: { slug: filter.api } }), ...(filter.state && { state: filter.state }), ...(!filter.includeIgnored && { ignoredById: null }) },
    orderBy: [{ host: 'asc' }, { pathTemplate: 'asc' }, { method: 'asc' }],
    include: { operation: { select: { operationId: true } }, api: { select: { slug: true } }, ownerTeam: { select: { slug: true } } },
  });
  const unused = await listUnusedOperations(filter);
  // Until 7 Dec every scanner probe answered 404 and every CORS preflight was listed as a shadow here, and not by discover.
  const rows: typeof allRows = [];
  const unlisted = { notFound: { endpoints: 0, requests: 0 }, preflights: { endpoints: 0, requests: 0 } };
  for (const r of allRows) {
    const reason = unlistedReason({ state: r.state, method: r.method, statuses: r.statusCounts }, filter);
    if (!reason) rows.push(r);
    else {
      unlisted[reason].endpoints++;
      unlisted[reason].requests += Number(r.requestCount);
    }
  }
  return {
    endpoints: rows.map((r) => ({
      host: r.host,
      method: r.method,
      path: r.pathTemplate,
      state: r.state,
      requests: Number(r.requestCount),
      operationId: r.operation?.operationId ?? null,
      triage: r.triage,
      triageNote: r.triageNote,
      firstSeen: r.firstSeen.toISOString(),
      lastSeen: r.lastSeen.toISOString(),
      api: r.api?.slug ?? null,
      owner: r.ownerTeam ? `group:default/${r.ownerTeam.slug}` : null,
      ignored: r.ignoredById !== null,
      statuses: r.statusCounts as Record<string, number>,
      /** In ms, percentiles estimated (lib/discovery/latency-summary.ts); null when no source timed the requests. */
      latency: latencyFigures(readLatency(r.latency)),
      authKinds: r.authCounts as Record<string, number>,
      sensitive: r.sensitiveTags as string[],
      findings: r.findings as unknown[],
    })),
    unused,
    /** Left out for only ever getting 404/405 (none with `includeNotFound`), or as CORS preflights (none with `includePreflights`). */
    ...unlisted,
  };
}

export type InventoryExport = NonNullable<Awaited<ReturnType<typeof exportInventory>>>;
