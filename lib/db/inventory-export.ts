import { joinBasePath } from '../openapi/path-template';
import { operationBasePath, splitServerUrl } from '../openapi/servers';
import { operationIdentity } from './approved-deprecations';
import { db } from './client';
import { normalisedSpecOf, operationKey } from './spec-catalog';

/**
 * The stored inventory in `discover --json`'s shape (`endpoints` with host, method, path, state, requests,
 * operationId first; `unused` operations of current specs), plus what only the database knows: triage, first and
 * last seen, API, owner, findings. `operationId` is the spec's operationId, as in discover, not the row id.
 */
export interface InventoryFilter {
  api?: string;
  state?: string;
  includeIgnored?: boolean;
}

/** null when `filter.api` names no API: a mistyped slug is said, as `check` says it, not shown as an empty inventory. */
export async function exportInventory(filter: InventoryFilter = {}) {
  if (filter.api && !(await db().api.findUnique({ where: { slug: filter.api }, select: { id: true } }))) return null;
  const rows = await db().endpoint.findMany({
    where: { ...(filter.api && { api: { slug: filter.api } }), ...(filter.state && { state: filter.state }), ...(!filter.includeIgnored && { ignoredById: null }) },
    orderBy: [{ host: 'asc' }, { pathTemplate: 'asc' }, { method: 'asc' }],
    include: { operation: { select: { operationId: true } }, api: { select: { slug: true } }, ownerTeam: { select: { slug: true } } },
  });
  const specs = await db().spec.findMany({
    where: { isCurrent: true, ...(filter.api && { api: { slug: filter.api } }) },
    select: { id: true, apiId: true, api: { select: { slug: true, hosts: true } }, operations: { select: { id: true, method: true, pathTemplate: true, operationId: true, deprecated: true } } },
    orderBy: { api: { slug: 'asc' } },
  });
  // Called is called whatever state the rows shown are filtered to: judged on the shown rows, `--state shadow`
  // listed every documented operation as unused. An ignored endpoint stays out, as `discover` leaves it out.
  const called = await db().endpoint.findMany({
    where: { operationId: { not: null }, ...(filter.api && { api: { slug: filter.api } }), ...(!filter.includeIgnored && { ignoredById: null }) },
    select: { operationId: true },
    distinct: ['operationId'],
  });
  const used = new Set(called.map((r) => r.operationId).filter((id): id is string => id !== null));
  // An approval filed against an older version deprecates the current version's copy too, as the classification and
  // the endpoint page read it (approved-deprecations.ts); until 6 Dec `unused[].deprecated` said false for it.
  const approved = await db().deprecationRequest.findMany({
    where: { status: 'approved', operationId: { not: null } },
    select: { operation: { select: { method: true, pathTemplate: true, spec: { select: { apiId: true } } } } },
  });
  const approvedOps = new Set(approved.flatMap((d) => (d.operation ? [operationIdentity(d.operation.spec.apiId, d.operation.method, d.operation.pathTemplate)] : [])));
  const unused = [];
  for (const s of specs) {
    const first = (s.api.hosts as unknown[]).find((h): h is string => typeof h === 'string');
    const apiBasePath = first ? splitServerUrl(first).basePath : '';
    // An operation under a path item's or its own `servers` is served on that base path, as `discover` lists it;
    // until 6 Dec every one had the API's first.
    const spec = await normalisedSpecOf(db(), s.id);
    const basePaths = new Map(spec?.operations.map((op) => [operationKey(op.method, op.path), operationBasePath(spec, op)]));
    const ops = s.operations
      .filter((op) => !used.has(op.id))
      .map((op) => ({ method: op.method, path: joinBasePath(basePaths.get(operationKey(op.method, op.pathTemplate)) ?? apiBasePath, op.pathTemplate), operationId: op.operationId, api: s.api.slug, deprecated: op.deprecated || approvedOps.has(operationIdentity(s.apiId, op.method, op.pathTemplate)) }))
      .sort((a, b) => (a.path === b.path ? (a.method < b.method ? -1 : 1) : a.path < b.path ? -1 : 1));
    unused.push(...ops);
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
      authKinds: r.authCounts as Record<string, number>,
      sensitive: r.sensitiveTags as string[],
      findings: r.findings as unknown[],
    })),
    unused,
  };
}

export type InventoryExport = NonNullable<Awaited<ReturnType<typeof exportInventory>>>;
