import { UNKNOWN_HOST } from '../inventory/unknown-host';
import { matchStored } from './endpoint-classification';
import { mergedTemplate, type StoredOverride } from './override-patterns';
import type { ApiHost, DbClient, SpecCatalog } from './spec-catalog';

/**
 * The hosts an API with a relative server URL (`servers: [{ url: /v1 }]`, Gitea's `/api/v1`) serves: it names none,
 * so a host serves it when calls its operations document were stored there, by an earlier batch (rows that carry an
 * operation of the API) or by the rows being classified now (a host's first batch). Such a host's shadows under the
 * relative base path are the API's (endpoint-classification.ts apiForHost), as on a host an absolute server names;
 * a host none of its operations was called on stays no one's, since `/v1/…` is on gateways fronting other services
 * too. `unknown-host` (logs without a Host) is no host: its rows' API is decided path by path (matchStored).
 */
export async function relativeServedHosts(
  client: DbClient,
  catalog: SpecCatalog,
  overrides: readonly StoredOverride[],
  rows: ReadonlyArray<{ host: string; method: string; pathTemplate: string }>,
): Promise<ApiHost[]> {
  if (catalog.relativeApis.length === 0) return [];
  const hosts = [...new Set(rows.map((r) => r.host))].filter((h) => h !== UNKNOWN_HOST);
  if (hosts.length === 0) return [];
  const apiIds = [...new Set(catalog.relativeApis.map((a) => a.apiId))];
  const served = new Map<string, Set<string>>();
  const serve = (host: string, apiId: string) => (served.get(host) ?? served.set(host, new Set()).get(host)!).add(apiId);
  for (let i = 0; i < hosts.length; i += 500) {
    const where = { host: { in: hosts.slice(i, i + 500) }, apiId: { in: apiIds }, operationId: { not: null } };
    for (const r of await client.endpoint.findMany({ where, select: { host: true, apiId: true }, distinct: ['host', 'apiId'] })) serve(r.host, r.apiId!);
  }
  const relative = new Set(apiIds);
  for (const row of rows) {
    // A host already known to serve every such API needs no matching of its rows (the common case past a first batch).
    if (row.host === UNKNOWN_HOST || (served.get(row.host)?.size ?? 0) === relative.size) continue;
    const match = matchStored(catalog, row.host, row.method, mergedTemplate(overrides, row.host, row.method, row.pathTemplate));
    const apiId = match.kind === 'operation' ? catalog.specs.get(match.entry.spec.id)?.apiId : undefined;
    if (apiId && relative.has(apiId)) serve(row.host, apiId);
  }
  return catalog.relativeApis.flatMap((a) => hosts.filter((h) => served.get(h)?.has(a.apiId)).map((host) => ({ ...a, host })));
}
