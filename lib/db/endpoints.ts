import { latencyFigures, readLatency } from '../discovery/latency-summary';
import type { EndpointPage, EndpointQuery, EndpointState, EndpointSummary } from '../inventory/endpoint-query';
import { db } from './client';
import { searchWhere, type SearchWhere } from './endpoint-search';
import { countBuckets, shownCounts } from './endpoint-counts';

type Where = NonNullable<Parameters<ReturnType<typeof db>['endpoint']['findMany']>[0]>['where'];

const SEEN_MS = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000, stale: 30 * 86_400_000 } as const;

/** `search`: the filter for `q` (matching ids from the search index, or the scan's condition; endpoint-search.ts). */
function whereFor(q: EndpointQuery, search?: SearchWhere, now = Date.now()): Where {
  const seenCut = q.seen ? new Date(now - SEEN_MS[q.seen]) : undefined;
  return {
    ...(q.auth && { authSummary: { contains: `,${q.auth.replace(/,/g, ';')},` } }),
    ...(q.sensitive && { hasSensitive: q.sensitive === '1' }),
    ...(seenCut && { lastSeen: q.seen === 'stale' ? { lt: seenCut } : { gte: seenCut } }),
    ...(q.state && { state: q.state }),
    ...(q.host && { host: q.host }),
    ...(q.method && { method: q.method.toUpperCase() }),
    ...(q.triage && { triage: q.triage }),
    ...(q.api && { api: { slug: q.api } }),
    ...(q.team && { ownerTeam: { slug: q.team } }),
    ...(search as Where),
    ...(!q.includeIgnored && { ignoredById: null }),
    ...(!q.includeUnlisted && { unlisted: false }),
  };
}

const SUMMARY_INCLUDE = { api: { select: { slug: true, name: true } }, ownerTeam: { select: { slug: true, name: true } } } as const;

const ORDER_FIELD = { lastSeen: 'lastSeen', firstSeen: 'firstSeen', requests: 'requestCount', path: 'pathTemplate' } as const;

/**
 * The list's order, the id as tie-break. p95 is null for an endpoint no source timed: last whichever the direction, as
 * the two databases would not agree (SQLite puts nulls first ascending, PostgreSQL last). Prisma writes `nulls: 'last'`
 * as a CASE expression on SQLite, which no index serves: the export (one statement for every id) sorts; a list page
 * reads timed and untimed rows apart instead (p95Page).
 */
function orderOf(q: EndpointQuery) {
  if (q.sort === 'p95') return [{ latencyP95Ms: { sort: q.order, nulls: 'last' as const } }, { id: q.order }];
  return [{ [ORDER_FIELD[q.sort]]: q.order }, { id: q.order }];
}

/**
 * The inventory list: one page, the total for the filters, headline counts by state (state filter ignored), and how
 * many endpoints the filters match that an ignore override hides, and how many shadows `check` leaves out
 * (Endpoint.unlisted: 404/405 only, CORS preflights), so the dashboard can offer to show them. Until 7 Dec those
 * shadows were listed and counted here, and the dashboard's shadow count was not `lantern check`'s.
 */
export async function listEndpoints(q: EndpointQuery): Promise<EndpointPage> {
  const search = q.q ? await searchWhere(q.q) : undefined;
  const where = whereFor(q, search);
  const { state: _state, ...withoutState } = q;
  // No separate count: the per-state counts (every filter but state) already give the total, and Prisma's count()
  // wraps the filter in a subquery that the covering indexes cannot serve (10x slower at 100k rows).
  const [rows, buckets] = await Promise.all([
    q.sort === 'p95'
      ? p95Page(q, where)
      : db().endpoint.findMany({
          where,
          // Tie-break in the same direction so an index on (column, id) yields the page without a sort.
          orderBy: orderOf(q),
          skip: (q.page - 1) * q.pageSize,
          take: q.pageSize,
          include: SUMMARY_INCLUDE,
        }),
    countBuckets(whereFor({ ...withoutState, state: undefined, includeIgnored: true, includeUnlisted: true }, search)),
  ]);
  const { countsByState, total, ignoredTotal, unlistedTotal } = shownCounts(buckets, q);
  return { items: rows.map(toSummary), total, page: q.page, pageSize: q.pageSize, countsByState, ignoredTotal, unlistedTotal };
}

/**
 * A page of the p95 order: timed rows by p95 through the index on (latencyP95Ms, id), then untimed ones by id. Sorted
 * with nulls last in one statement, every page read and sorted all matching rows (30–48 ms of CPU at 100k endpoints
 * on SQLite, 41 on PostgreSQL slowest first, the same without the index; `npm run bench:ingest`). The timed rows'
 * total is counted only for a page that starts past them all.
 */
async function p95Page(q: EndpointQuery, where: Where) {
  const skip = (q.page - 1) * q.pageSize;
  const timedWhere: Where = { AND: [where ?? {}, { latencyP95Ms: { not: null } }] };
  const timed = await db().endpoint.findMany({ where: timedWhere, orderBy: [{ latencyP95Ms: q.order }, { id: q.order }], skip, take: q.pageSize, include: SUMMARY_INCLUDE });
  if (timed.length === q.pageSize) return timed;
  const timedTotal = timed.length > 0 ? skip + timed.length : await db().endpoint.count({ where: timedWhere });
  const untimed = await db().endpoint.findMany({
    where: { AND: [where ?? {}, { latencyP95Ms: null }] },
    orderBy: { id: q.order },
    skip: Math.max(0, skip - timedTotal),
    take: q.pageSize - timed.length,
    include: SUMMARY_INCLUDE,
  });
  return [...timed, ...untimed];
}

function toSummary(row: Awaited<ReturnType<ReturnType<typeof db>['endpoint']['findMany']>>[number] & {
  api: { slug: string; name: string } | null;
  ownerTeam: { slug: string; name: string } | null;
}): EndpointSummary {
  return {
    id: row.id,
    host: row.host,
    method: row.method,
    pathTemplate: row.pathTemplate,
    state: row.state as EndpointState,
    triage: row.triage as EndpointSummary['triage'],
    requestCount: Number(row.requestCount),
    firstSeen: row.firstSeen.toISOString(),
    lastSeen: row.lastSeen.toISOString(),
    statusCounts: (row.statusCounts ?? {}) as Record<string, number>,
    authCounts: (row.authCounts ?? {}) as Record<string, number>,
    sensitiveTags: (row.sensitiveTags ?? []) as string[],
    latency: latencyFigures(readLatency(row.latency)),
    ignored: row.ignoredById !== null,
    unlisted: row.unlisted,
    api: row.api,
    ownerTeam: row.ownerTeam,
  };
}

/**
 * Every endpoint the filters match, in the list's order (the inventory export), a page at a time so that an export
 * of any size is streamed. The order is read in one statement (ids only, through the sort's index), then the rows by
 * id: paging the sorted list by offset, an endpoint that ingest moved across a page boundary during the export was
 * left out and its neighbour listed twice.
 */
export async function* endpointPages(q: EndpointQuery, pageSize = 500): AsyncGenerator<EndpointSummary[]> {
  const search = q.q ? await searchWhere(q.q) : undefined;
  const order = await db().endpoint.findMany({ where: whereFor(q, search), orderBy: orderOf(q), select: { id: true } });
  for (let i = 0; i < order.length; i += pageSize) {
    const ids = order.slice(i, i + pageSize).map((r) => r.id);
    // The other filters again: a row that stopped matching meanwhile (reclassified, hidden) is left out, not listed
    // under a filter it no longer passes. Host and path never change in place, so `q` needs no second look.
    const rows = await db().endpoint.findMany({ where: { ...whereFor(q), id: { in: ids } }, include: SUMMARY_INCLUDE });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const page: EndpointSummary[] = [];
    for (const id of ids) {
      const row = byId.get(id);
      if (row) page.push(toSummary(row));
    }
    yield page;
  }
}

/**
 * Shadow endpoints of one host with what a reconstructed spec needs: those the list shows (not a scanner's 404-only
 * probes nor CORS preflights, Endpoint.unlisted; until 7 Dec `/wp-login.php` was an operation of the exported spec).
 */
export async function listShadowEndpointsOfHost(host: string) {
  const rows = await db().endpoint.findMany({
    where: { host, state: 'shadow', ignoredById: null, unlisted: false },
    select: { method: true, pathTemplate: true, statusCounts: true, authCounts: true, evidence: true, requestCount: true, firstSeen: true, lastSeen: true },
  });
  return rows.map((r) => ({
    method: r.method,
    pathTemplate: r.pathTemplate,
    statusCounts: r.statusCounts as Record<string, number>,
    authCounts: r.authCounts as Record<string, number>,
    queryParams: ((r.evidence as { queryParams?: Record<string, number> }).queryParams ?? {}),
    transports: ((r.evidence as { transports?: Record<string, number> }).transports ?? {}),
    schemes: ((r.evidence as { schemes?: Record<string, number> }).schemes ?? {}),
    requestCount: Number(r.requestCount),
    firstSeen: r.firstSeen.toISOString(),
    lastSeen: r.lastSeen.toISOString(),
  }));
}
