import { loadSpecDocument } from '../openapi/load-spec';
import { createMatcher, type Matcher } from '../openapi/matcher';
import { parseSpecText } from '../openapi/parse-document';
import { splitServerUrl } from '../openapi/servers';
import type { NormalisedSpec } from '../openapi/spec-model';
import type { Db } from './client';
import { readCachedSpec, specDiskCacheOn, writeCachedSpec } from './spec-disk-cache';

/**
 * The current spec of every API, ready for matching stored endpoints: normalised specs (parsed once per Spec row
 * and cached in memory: Stripe's takes seconds), the matcher over them, and the Operation rows they map to.
 * Operation rows are read fresh every time because approving a deprecation changes them without a new spec.
 */
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];
export type DbClient = Db | Tx;

export interface CatalogOperation {
  id: string;
  operationId: string | null;
  deprecated: boolean;
  sunsetAt: Date | null;
}

export interface CatalogSpec {
  specId: string;
  apiId: string;
  apiSlug: string;
  apiLifecycle: string;
  ownerTeamId: string | null;
  spec: NormalisedSpec;
  /** `METHOD path` (the spec's path as written, as stored in Operation.pathTemplate) → row. */
  operations: Map<string, CatalogOperation>;
}

export interface ApiHost {
  apiId: string;
  ownerTeamId: string | null;
  host: string;
  basePath: string;
}

export interface SpecCatalog {
  specs: Map<string, CatalogSpec>;
  matcher: Matcher;
  /** Hosts APIs declare (Api.hosts), so shadow traffic on an API's host belongs to that API. */
  apiHosts: ApiHost[];
  /** Base paths of APIs' relative server URLs (`/v1`): no host of their own (lib/db/relative-served-hosts.ts). */
  relativeApis: Array<Omit<ApiHost, 'host'>>;
}

const normalised = new Map<string, NormalisedSpec>();
let lastMatcher: { key: string; matcher: Matcher } | undefined;

/** The registry has just normalised this spec: no need to parse it again. */
export function primeSpecCache(specId: string, spec: NormalisedSpec): void {
  normalised.set(specId, spec);
}

export const operationKey = (method: string, path: string): string => `${method.toUpperCase()} ${path}`;

export async function loadSpecCatalog(client: DbClient): Promise<SpecCatalog> {
  const rows = await client.spec.findMany({
    where: { isCurrent: true },
    orderBy: { id: 'asc' },
    select: {
      id: true,
      contentHash: true,
      api: { select: { id: true, slug: true, lifecycle: true, ownerTeamId: true } },
      operations: { select: { id: true, method: true, pathTemplate: true, operationId: true, deprecated: true, sunsetAt: true } },
    },
  });
  // Raw text only for specs not parsed yet: an ingest batch must not drag a 4 MB spec out of the database.
  for (const r of rows) {
    const cached = normalised.has(r.id) ? undefined : readCachedSpec(r.contentHash, r.id);
    if (cached) normalised.set(r.id, cached);
  }
  const missing = rows.filter((r) => !normalised.has(r.id)).map((r) => r.id);
  const raws = missing.length === 0 ? [] : await client.spec.findMany({ where: { id: { in: missing } }, select: { id: true, raw: true, contentHash: true } });
  for (const r of raws) await normaliseInto(r.id, r.raw, r.contentHash);
  const specs = new Map<string, CatalogSpec>();
  for (const row of rows) {
    const spec = normalised.get(row.id);
    if (!spec) continue;
    const operations = new Map<string, CatalogOperation>();
    for (const op of row.operations) operations.set(operationKey(op.method, op.pathTemplate), op);
    specs.set(row.id, { specId: row.id, apiId: row.api.id, apiSlug: row.api.slug, apiLifecycle: row.api.lifecycle, ownerTeamId: row.api.ownerTeamId, spec, operations });
  }
  for (const id of normalised.keys()) if (!specs.has(id)) normalised.delete(id);
  const key = [...specs.keys()].join(',');
  if (lastMatcher?.key !== key) lastMatcher = { key, matcher: createMatcher([...specs.values()].map((s) => s.spec)) };
  const apis = await client.api.findMany({ select: { id: true, hosts: true, ownerTeamId: true } });
  const apiHosts: ApiHost[] = [];
  const relativeApis: Array<Omit<ApiHost, 'host'>> = [];
  for (const api of apis) {
    for (const url of Array.isArray(api.hosts) ? api.hosts : []) {
      if (typeof url !== 'string') continue;
      const server = splitServerUrl(url.includes('//') ? url : `//${url}`);
      if (server.host) apiHosts.push({ apiId: api.id, ownerTeamId: api.ownerTeamId, host: server.host, basePath: server.basePath });
      else relativeApis.push({ apiId: api.id, ownerTeamId: api.ownerTeamId, basePath: server.basePath });
    }
  }
  return { specs, matcher: lastMatcher.matcher, apiHosts, relativeApis };
}

/** One stored spec normalised, from the cache when it is there (the current specs are), else parsed from its text. */
export async function normalisedSpecOf(client: DbClient, specId: string): Promise<NormalisedSpec | undefined> {
  if (!normalised.has(specId)) {
    // The hash alone first, when a file may spare reading and parsing the text (4 MB for Stripe's).
    const cached = specDiskCacheOn() ? await client.spec.findUnique({ where: { id: specId }, select: { contentHash: true } }) : null;
    const spec = cached && readCachedSpec(cached.contentHash, specId);
    if (spec) normalised.set(specId, spec);
    else {
      const row = await client.spec.findUnique({ where: { id: specId }, select: { raw: true, contentHash: true } });
      if (row) await normaliseInto(specId, row.raw, row.contentHash);
    }
  }
  return normalised.get(specId);
}

async function normaliseInto(specId: string, raw: string, contentHash: string): Promise<void> {
  const cached = readCachedSpec(contentHash, specId);
  if (cached) {
    normalised.set(specId, cached);
    return;
  }
  const parsed = parseSpecText(raw);
  const loaded = parsed.ok ? await loadSpecDocument(specId, parsed.value, [], { registered: true }) : parsed;
  if (!loaded.ok) {
    // Stored specs were valid when registered; one that no longer loads (a loader upgrade) must not stop the rest.
    console.warn(`[lantern] stored spec ${specId} no longer loads: ${loaded.problems[0]?.message ?? 'unknown problem'}`);
    return;
  }
  normalised.set(specId, loaded.spec);
  writeCachedSpec(contentHash, loaded.spec);
}
