import { latencyFigures, readLatency } from '../discovery/latency-summary';
import { pathUnderServer } from '../exports/adopt-path';
import { dayWindow } from '../inventory/day-window';
import type { EndpointDetail } from '../inventory/endpoint-detail';
import { readApiLifecycle } from './api-lifecycle';
import { carriedApproval, endpointApproval } from './approved-deprecations';
import { db } from './client';
import { pendingDeprecation } from './pending-deprecation';
import { scopeAlternatives } from '../inventory/scope-alternatives';
import { operationSecurity } from './operation-security';

/** Everything the endpoint page shows, in plain JSON-able values. */
export async function getEndpointDetail(id: string, days = 30, now = new Date()): Promise<EndpointDetail | null> {
  const e = await db().endpoint.findUnique({
    where: { id },
    include: {
      api: { select: { slug: true, name: true, lifecycle: true, hosts: true } },
      ownerTeam: { select: { id: true, slug: true, name: true } },
      operation: { select: { id: true, method: true, pathTemplate: true, operationId: true, summary: true, deprecated: true, sunsetAt: true, scopes: true, security: true, spec: { select: { id: true, version: true, apiId: true, api: { select: { ownerTeamId: true, lifecycle: true } } } } } },
      alerts: { orderBy: { createdAt: 'desc' }, take: 20, select: { id: true, kind: true, summary: true, createdAt: true } },
      dailyStats: { orderBy: { day: 'asc' } },
      ignoredBy: { select: { id: true, host: true, method: true, pattern: true, _count: { select: { ignored: true } } } },
    },
  });
  if (!e) return null;
  // An approval filed against another version of the spec deprecates this row too (approved-deprecations.ts) without
  // marking it: the page showed such a zombie with no deprecation, nor the sunset governance approved.
  const carried = e.operation && !e.operation.deprecated ? await carriedApproval(db(), { ...e.operation, apiId: e.operation.spec.apiId, specId: e.operation.spec.id }) : undefined;
  const sunsetAt = e.operation ? (e.operation.sunsetAt ?? carried?.sunset ?? null) : null;
  const apiLifecycle = e.operation && (await readApiLifecycle({ id: e.operation.spec.id, apiLifecycle: e.operation.spec.api.lifecycle }, e.lastSeen, now));
  const pending = e.operation ? await pendingDeprecation(db(), { ...e.operation, apiId: e.operation.spec.apiId, specId: e.operation.spec.id }) : undefined;
  // Documented (or a zombie) without an operation: an OPTIONS its API's spec implies for a documented path. Its page
  // said "no operation documents this method and path", and nothing of the API's sunset that made it a zombie.
  const preflight = !e.operation && e.method === 'OPTIONS' && e.state !== 'shadow' && e.apiId ? await preflightLifecycle(e.apiId, e.lastSeen, now) : null;
  const removed = !e.operation && e.state === 'zombie' ? await endpointApproval(db(), e.id) : undefined;
  const security = e.operation && operationSecurity([e.operation]).get(e.operation.id);
  const stored = new Map(e.dailyStats.map((d) => [d.day, d]));
  const evidence = e.evidence as { jwtIssuers?: string[]; jwtAudiences?: string[]; scopesSeen?: string[]; queryParams?: Record<string, number>; clients?: Record<string, number>; callers?: number; unauthenticated2xx?: number; callerFingerprints?: string[] };
  return {
    id: e.id,
    host: e.host,
    method: e.method,
    pathTemplate: e.pathTemplate,
    state: e.state,
    triage: e.triage,
    triageNote: e.triageNote,
    ignored: e.ignoredById !== null,
    ignoredBy: e.ignoredBy && { id: e.ignoredBy.id, host: e.ignoredBy.host, method: e.ignoredBy.method, pattern: e.ignoredBy.pattern, hiddenEndpoints: e.ignoredBy._count.ignored },
    requestCount: Number(e.requestCount),
    firstSeen: e.firstSeen.toISOString(),
    lastSeen: e.lastSeen.toISOString(),
    statusCounts: e.statusCounts as Record<string, number>,
    latency: latencyFigures(readLatency(e.latency)),
    authCounts: e.authCounts as Record<string, number>,
    sensitiveTags: e.sensitiveTags as string[],
    examplePaths: e.examplePaths as string[],
    findings: e.findings as { kind?: string; message?: string }[],
    jwtIssuers: evidence.jwtIssuers ?? [],
    jwtAudiences: evidence.jwtAudiences ?? [],
    scopesSeen: evidence.scopesSeen ?? [],
    queryParams: evidence.queryParams ?? {},
    clients: evidence.clients ?? {},
    distinctCredentials: evidence.callers ?? 0,
    callerFingerprints: evidence.callerFingerprints ?? [],
    unauthenticated2xx: evidence.unauthenticated2xx ?? 0,
    api: e.api && { slug: e.api.slug, name: e.api.name, lifecycle: e.api.lifecycle },
    adoptPath: pathUnderServer(e.pathTemplate, e.host, Array.isArray(e.api?.hosts) ? e.api.hosts.filter((h): h is string => typeof h === 'string') : []),
    ownerTeam: e.ownerTeam,
    operation: e.operation && {
      id: e.operation.id,
      method: e.operation.method,
      path: e.operation.pathTemplate,
      operationId: e.operation.operationId,
      summary: e.operation.summary,
      deprecated: e.operation.deprecated || carried !== undefined,
      sunsetAt: sunsetAt?.toISOString().slice(0, 10) ?? null,
      sunsetPassed: sunsetAt !== null && sunsetAt.getTime() <= now.getTime(),
      calledAfterSunset: sunsetAt !== null && sunsetAt.getTime() <= e.lastSeen.getTime(),
      scopesRequired: e.operation.scopes as string[],
      scopeAlternatives: scopeAlternatives(security ?? []),
      specVersion: e.operation.spec.version,
      apiOwnerTeamId: e.operation.spec.api.ownerTeamId,
      apiLifecycle: apiLifecycle!,
      pendingDeprecation: pending ?? null,
    },
    preflight: preflight && { apiLifecycle: preflight },
    removedDeprecated: removed
      ? {
          method: removed.method,
          path: removed.path,
          sunsetAt: removed.sunset?.toISOString().slice(0, 10) ?? null,
          sunsetPassed: removed.sunset !== null && removed.sunset.getTime() <= now.getTime(),
          calledAfterSunset: removed.sunset !== null && removed.sunset.getTime() <= e.lastSeen.getTime(),
        }
      : null,
    alerts: e.alerts.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })),
    // Every day of the window, a quiet one as zero; months rolled up (`YYYY-MM`) are before it (retention).
    daily: dayWindow(now, days).map((day) => {
      const d = stored.get(day);
      return { day, requests: Number(d?.requests ?? 0), errors: Number(d?.errors ?? 0), unauthenticated: Number(d?.unauthenticated ?? 0) };
    }),
  };
}

/** The lifecycle of the API's current spec, the one classification matched the preflight with. */
async function preflightLifecycle(apiId: string, lastSeen: Date, now: Date) {
  const spec = await db().spec.findFirst({ where: { apiId, isCurrent: true }, select: { id: true, api: { select: { lifecycle: true } } } });
  return spec ? readApiLifecycle({ id: spec.id, apiLifecycle: spec.api.lifecycle }, lastSeen, now) : null;
}
