import { operationKeys } from '../discovery/classify';
import { declaresDeprecation } from '../openapi/declared-deprecation';
import { joinBasePath } from '../openapi/path-template';
import { operationBasePath, splitServerUrl } from '../openapi/servers';
import type { NormalisedSpec, SpecOperation } from '../openapi/spec-model';
import { operationIdentities, operationIdentity } from './operation-identity';
import { db } from './client';
import { normalisedSpecOf, operationKey } from './spec-catalog';

/**
 * The operations of current specs that no stored traffic reached, as `discover` lists its `unused`: each under the
 * base path of the server that serves it (its own or its path item's `servers`, else the document's), and none whose
 * endpoint was called through another API's copy of it (v1 and v2 registered as two APIs both documenting
 * GET /invoices for one host: the matcher picks one copy, and listing the other would say the endpoint was both
 * called and not). Until 6 Dec both were wrong: every operation had the API's first base path, and the copy not
 * chosen was listed.
 */
export async function listUnusedOperations(filter: { api?: string; includeIgnored?: boolean }) {
  const specs = await db().spec.findMany({
    where: { isCurrent: true },
    select: { id: true, apiId: true, api: { select: { slug: true, hosts: true } }, operations: { select: { id: true, method: true, pathTemplate: true, operationId: true, deprecated: true, sunsetAt: true } } },
    orderBy: { api: { slug: 'asc' } },
  });
  // Called is called whatever state the rows shown are filtered to: judged on the shown rows, `--state shadow`
  // listed every documented operation as unused. An ignored endpoint stays out, as `discover` leaves it out.
  const called = await db().endpoint.findMany({
    where: { operationId: { not: null }, ...(!filter.includeIgnored && { ignoredById: null }) },
    select: { operationId: true },
    distinct: ['operationId'],
  });
  const used = new Set(called.map((r) => r.operationId).filter((id): id is string => id !== null));
  // An approval filed against an older version deprecates the current version's copy too, as the classification and
  // the endpoint page read it (approved-deprecations.ts); until 6 Dec `unused[].deprecated` said false for it.
  const approved = await db().deprecationRequest.findMany({
    where: { status: 'approved', operationId: { not: null } },
    select: { operation: { select: { specId: true, method: true, pathTemplate: true, spec: { select: { apiId: true } } } } },
  });
  const approvedRefs = approved.flatMap((d) => (d.operation ? [{ ...d.operation, apiId: d.operation.spec.apiId }] : []));
  const identityOf = await operationIdentities(db(), approvedRefs);
  const approvedOps = new Set(approvedRefs.map(identityOf));

  const normalised = new Map<string, { spec: NormalisedSpec; ops: Map<string, SpecOperation> }>();
  for (const s of specs) {
    const spec = await normalisedSpecOf(db(), s.id);
    if (spec) normalised.set(s.id, { spec, ops: new Map(spec.operations.map((op) => [operationKey(op.method, op.path), op])) });
  }
  const keysOf = (specId: string, method: string, path: string): string[] => {
    const n = normalised.get(specId);
    const op = n?.ops.get(operationKey(method, path));
    return n && op ? operationKeys(n.spec, op) : [];
  };
  const usedKeys = new Set(specs.flatMap((s) => s.operations.filter((op) => used.has(op.id)).flatMap((op) => keysOf(s.id, op.method, op.pathTemplate))));

  const unused = [];
  for (const s of specs) {
    if (filter.api && s.api.slug !== filter.api) continue;
    const first = (s.api.hosts as unknown[]).find((h): h is string => typeof h === 'string');
    const apiBasePath = first ? splitServerUrl(first).basePath : '';
    const n = normalised.get(s.id);
    const basePathOf = (method: string, path: string) => {
      const op = n?.ops.get(operationKey(method, path));
      return n && op ? operationBasePath(n.spec, op) : apiBasePath;
    };
    // A sunset date, the operation's row's or the API's, deprecates it as `deprecated: true` does (until 7 Dec a future
    // `x-sunset` alone left it `deprecated: false` here, where findings and the version diff read it deprecated).
    const declared = (op: { deprecated: boolean; sunsetAt: Date | null }) => declaresDeprecation(n?.spec ?? {}, { deprecated: op.deprecated, sunset: op.sunsetAt?.toISOString() });
    const ops = s.operations
      .filter((op) => !used.has(op.id) && !keysOf(s.id, op.method, op.pathTemplate).some((k) => usedKeys.has(k)))
      .map((op) => ({ method: op.method, path: joinBasePath(basePathOf(op.method, op.pathTemplate), op.pathTemplate), operationId: op.operationId, api: s.api.slug, deprecated: declared(op) || approvedOps.has(operationIdentity(s.apiId, op.method, op.pathTemplate)) }))
      .sort((a, b) => (a.path === b.path ? (a.method < b.method ? -1 : 1) : a.path < b.path ? -1 : 1));
    unused.push(...ops);
  }
  return unused;
}
