import type { EndpointPage, EndpointQuery, EndpointState, EndpointSummary } from '../inventory/endpoint-query';
import { db } from './client';

type Where = NonNullable<Parameters<ReturnType<typeof db>['endpoint']['findMany']>[0]>['where'];

function whereFor(q: EndpointQuery): Where {
  return {
    ...(q.state && { state: q.state }),
    ...(q.host && { host: q.host }),
    ...(q.method && { method: q.method.toUpperCase() }),
    ...(q.triage && { triage: q.triage }),
    ...(q.api && { api: { slug: q.api } }),
    ...(q.team && { ownerTeam: { slug: q.team } }),
    ...(q.q && { OR: [{ pathTemplate: { contains: q.q } }, { host: { contains: q.q } }] }),
    ...(!q.includeIgnored && { ignoredById: null }),
  };
}

const ORDER_FIELD = { lastSeen: 'lastSeen', firstSeen: 'firstSeen', requests: 'requestCount', path: 'pathTemplate' } as const;

/** The inventory list: one page, the total for the filters, and headline counts by state (state filter ignored). */
export async function listEndpoints(q: EndpointQuery): Promise<EndpointPage> {
  const where = whereFor(q);
  const { state: _state, ...withoutState } = q;
  const [rows, total, byState] = await Promise.all([
    db().endpoint.findMany({
      where,
      orderBy: [{ [ORDER_FIELD[q.sort]]: q.order }, { id: 'asc' }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
      include: { api: { select: { slug: true, name: true } }, ownerTeam: { select: { slug: true, name: true } } },
    }),
    db().endpoint.count({ where }),
    db().endpoint.groupBy({ by: ['state'], where: whereFor({ ...withoutState, state: undefined }), _count: { _all: true } }),
  ]);
  const countsByState: Record<EndpointState, number> = { documented: 0, shadow: 0, zombie: 0 };
  for (const g of byState) {
    if (g.state in countsByState) countsByState[g.state as EndpointState] = g._count._all;
  }
  return { items: rows.map(toSummary), total, page: q.page, pageSize: q.pageSize, countsByState };
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
    api: row.api,
    ownerTeam: row.ownerTeam,
  };
}
