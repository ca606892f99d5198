import { joinBasePath, operationPathKey } from '../openapi/path-template';
import { normalisedSpecOf, operationKey, type DbClient, type SpecCatalog } from './spec-catalog';

/** An Operation row as the deprecation rules read it: which spec version, which API, method and the spec's path. */
export interface OperationRef {
  specId: string;
  apiId: string;
  method: string;
  pathTemplate: string;
}

/** One operation of one API across its spec versions: method and normalised path (`{id}` ≡ `{entryId}`, as spec diffs key them). */
export const operationIdentity = (apiId: string, method: string, path: string) => `${apiId}\n${method.toUpperCase()}\n${operationPathKey(path)}`;

/**
 * The identity of each operation: its method and normalised path, or, for a row of an older version whose path the
 * current version lacks, the current operation's served at the same URL path (its servers' base path plus its path):
 * a version that moved a prefix between its server URL and its paths (`…/v1` + `/orders` → `…` + `/v1/orders`)
 * changed no URL, and its diff lists nothing (spec-diff.ts). Until 6 Dec an approval filed before such a move was
 * carried by path alone: the new version's copy was not deprecated, its callers went back to documented, and it could
 * be requested and approved again.
 */
export async function operationIdentities(client: DbClient, ops: readonly OperationRef[], catalog?: SpecCatalog): Promise<(op: OperationRef) => string> {
  const byPath = (op: OperationRef) => operationIdentity(op.apiId, op.method, op.pathTemplate);
  const apiIds = [...new Set(ops.map((o) => o.apiId))];
  if (apiIds.length === 0) return byPath;
  // The classification has the current specs at hand (every ingest batch): no need to read their operations again.
  const current = catalog
    ? [...catalog.specs.values()].filter((s) => apiIds.includes(s.apiId)).map((s) => ({ id: s.specId, apiId: s.apiId, operations: [...s.operations.keys()].map((k) => ({ method: k.slice(0, k.indexOf(' ')), pathTemplate: k.slice(k.indexOf(' ') + 1) })) }))
    : await client.spec.findMany({ where: { isCurrent: true, apiId: { in: apiIds } }, select: { id: true, apiId: true, operations: { select: { method: true, pathTemplate: true } } } });
  const currentIds = new Set(current.map((s) => s.id));
  const currentPaths = new Set(current.flatMap((s) => s.operations.map((o) => operationIdentity(s.apiId, o.method, o.pathTemplate))));
  // Only a row of an older version whose path the current one lacks can have moved: most calls stop here.
  const moved = ops.filter((o) => !currentIds.has(o.specId) && !currentPaths.has(byPath(o)));
  if (moved.length === 0) return byPath;
  const atUrl = new Map<string, string>();
  for (const s of current) {
    if (!moved.some((m) => m.apiId === s.apiId)) continue;
    const urls = await urlPathsOf(client, s.id);
    for (const o of s.operations) for (const url of urls.get(operationKey(o.method, o.pathTemplate)) ?? []) atUrl.set(`${s.apiId}\n${o.method.toUpperCase()}\n${url}`, operationIdentity(s.apiId, o.method, o.pathTemplate));
  }
  const resolved = new Map<string, string>();
  const rowKey = (op: OperationRef) => `${op.specId}\n${operationKey(op.method, op.pathTemplate)}`;
  for (const op of moved) {
    const urls = (await urlPathsOf(client, op.specId)).get(operationKey(op.method, op.pathTemplate)) ?? [];
    const found = urls.map((url) => atUrl.get(`${op.apiId}\n${op.method.toUpperCase()}\n${url}`)).find((id) => id !== undefined);
    if (found) resolved.set(rowKey(op), found);
  }
  return (op) => resolved.get(rowKey(op)) ?? byPath(op);
}

/**
 * `METHOD path` (as Operation rows store it) → the normalised URL paths its servers serve it under, hosts aside (one
 * API's operation). A stored spec's text never changes, so this is kept by spec id: an older version is parsed once
 * (Stripe's takes seconds), not at every classification.
 */
const urlPaths = new Map<string, Map<string, string[]>>();
const MAX_SPECS = 256;

async function urlPathsOf(client: DbClient, specId: string): Promise<Map<string, string[]>> {
  const known = urlPaths.get(specId);
  if (known) return known;
  const spec = await normalisedSpecOf(client, specId);
  const out = new Map<string, string[]>();
  for (const op of spec?.operations ?? []) {
    out.set(operationKey(op.method, op.path), [...new Set((op.servers ?? spec!.servers).map((s) => operationPathKey(joinBasePath(s.basePath, op.path))))]);
  }
  if (urlPaths.size >= MAX_SPECS) urlPaths.delete(urlPaths.keys().next().value!);
  if (spec) urlPaths.set(specId, out);
  return out;
}
