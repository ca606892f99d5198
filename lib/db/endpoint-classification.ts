import type { EndpointEvidence } from '../discovery/evidence';
import { operationFindings, shadowFindings, type Finding } from '../discovery/findings';
import type { EndpointState } from '../inventory/endpoint-query';
import { EMPTY_EVIDENCE, type StoredEvidence } from '../inventory/merge-evidence';
import { isImpliedPreflight } from '../openapi/implied-operations';
import { matchOperation, sameHost, shadowTemplateSpelling, soleHostedMatch, type MatchResult } from '../openapi/matcher';
import { UNKNOWN_HOST } from '../inventory/unknown-host';
import { splitPath } from '../openapi/path-template';
import type { PathEntry } from '../openapi/spec-trie';
import { coveringTemplate, type ShadowTemplates } from '../inventory/shadow-templates';
import { keepsRootName } from '../discovery/stored-root-names';
import { ignoringOverride, mergedTemplate, splitKeeps, type StoredOverride } from './override-patterns';
import { ownerTeamFor, type OwnershipRule } from './ownership';
import { operationKey, type ApiHost, type CatalogSpec, type SpecCatalog } from './spec-catalog';
import { currentTemplate } from './current-template';

/**
 * What one stored endpoint should be, given the current specs, overrides, ownership rules and approved
 * deprecations. Pure: reclassify.ts compares this with the row and writes only the difference.
 */
export interface StoredEndpointFacts {
  id: string;
  host: string;
  method: string;
  pathTemplate: string;
  requestCount: bigint;
  statusCounts: unknown;
  authCounts: unknown;
  sensitiveTags: unknown;
  evidence: unknown;
  /** The last call: a sunset makes a zombie only when a call came at or after it. */
  lastSeen: Date;
  /** Its example paths: what they hold says when a template is a spec's spelt otherwise (documentedByExamples). */
  examplePaths?: unknown;
}

export interface DesiredEndpoint {
  /** Merge overrides and the spec's own template decide the key; differs from the row's when it must be re-keyed. */
  pathTemplate: string;
  state: EndpointState;
  operationId: string | null;
  apiId: string | null;
  ownerTeamId: string | null;
  findings: Finding[];
  ignoredById: string | null;
}

export interface ClassificationContext {
  catalog: SpecCatalog;
  overrides: readonly StoredOverride[];
  rules: readonly OwnershipRule[];
  /** Endpoint and Operation row ids with an approved deprecation whose sunset (if any) has passed → that sunset. */
  deprecatedIds: ReadonlyMap<string, Date | null>;
  /** Stored shadow templates of the hosts being classified (lib/inventory/shadow-templates.ts). */
  shadowTemplates: ShadowTemplates;
  /** Hosts relative-server APIs serve, known by their documented calls (lib/db/relative-served-hosts.ts). */
  servedHosts: readonly ApiHost[];
}

export function desiredEndpoint(row: StoredEndpointFacts, ctx: ClassificationContext, covered = false): DesiredEndpoint {
  const merged = mergedTemplate(ctx.overrides, row.host, row.method, row.pathTemplate);
  const stored = matchStored(ctx.catalog, row.host, row.method, merged);
  const match = stored.kind === 'operation' ? stored : (documentedByExamples(ctx, row, merged) ?? stored);
  const evidence = evidenceOf(row);
  const ignoredById = ignoringOverride(ctx.overrides, row.host, row.method, merged)?.id ?? null;
  if (match.kind === 'operation') {
    const spec = ctx.catalog.specs.get(match.entry.spec.id)!;
    const op = spec.operations.get(operationKey(match.operation.method, match.operation.path));
    if (op) {
      const zombie = isZombie(spec, op, row, ctx) || deprecatedAndCalled(ctx, row.id, row);
      return {
        pathTemplate: match.entry.wireTemplate,
        state: zombie ? 'zombie' : 'documented',
        operationId: op.id,
        apiId: spec.apiId,
        ownerTeamId: spec.ownerTeamId ?? ownerTeamFor(ctx.rules, row.host, merged),
        findings: operationFindings(spec.spec, match.operation, evidence),
        ignoredById,
      };
    }
    if (isImpliedPreflight(match.operation)) {
      // A CORS preflight on a documented path: documented, though no Operation row stands for it.
      return {
        pathTemplate: match.entry.wireTemplate,
        state: preflightZombie(spec, row, ctx) ? 'zombie' : 'documented',
        operationId: null,
        apiId: spec.apiId,
        ownerTeamId: spec.ownerTeamId ?? ownerTeamFor(ctx.rules, row.host, merged),
        findings: operationFindings(spec.spec, match.operation, evidence),
        ignoredById,
      };
    }
  }
  // A deprecated endpoint keeps its own row: folded into a template, its deprecation would make the template a zombie;
  // an ignored one too (`ignore /members/health`): its traffic would count in a visible template. One on a documented
  // path goes only to a template on that same path: until 6 Dec Stripe's `POST /v1/credit_notes/preview/lines` went
  // into the shadow `POST /v1/credit_notes/{credit_note}/lines`, a literal the spec documents taken for a value.
  const offPath = (t: string) => match.kind === 'path' && !onEntry(matchStored(ctx.catalog, row.host, row.method, t), match.entry);
  const covering =
    covered || ctx.deprecatedIds.has(row.id) || ignoredById !== null
      ? undefined
      : coveringTemplate(ctx.shadowTemplates, row.host, row.method, merged, Number(row.requestCount), (t) => splitKeeps(ctx.overrides, row.host, row.method, t, merged) || offPath(t) || keepsRootName(ctx.catalog.matcher, row.host, t, merged));
  if (covering) return desiredEndpoint({ ...row, pathTemplate: covering }, ctx, true);
  const pathSpec = match.kind === 'path' ? ctx.catalog.specs.get(match.entry.spec.id) : undefined;
  const api = pathSpec ? { apiId: pathSpec.apiId, ownerTeamId: pathSpec.ownerTeamId } : apiForHost(ctx, row.host, merged);
  return {
    pathTemplate: shadowTemplateSpelling(match, merged),
    state: deprecatedAndCalled(ctx, row.id, row) ? 'zombie' : 'shadow',
    operationId: null,
    apiId: api?.apiId ?? null,
    ownerTeamId: api?.ownerTeamId ?? ownerTeamFor(ctx.rules, row.host, merged),
    findings: shadowFindings(evidence),
    ignoredById,
  };
}

/**
 * The operation a row's template is once its example paths are read as today's templating reads them (a spec's suffix,
 * a segment of several parameters: lib/discovery/stored-spec-suffix.ts), when the template alone matches none. A row
 * stored before its spec was registered (`/forecast/{forecastId}/{param}`, Dark Sky's `{latitude},{longitude}`
 * segment) was re-templated only by serve's start-up pass or a later push: until 7 Dec registering the spec left it a
 * shadow, with the key the spec names in its example paths.
 */
function documentedByExamples(ctx: ClassificationContext, row: StoredEndpointFacts, merged: string): MatchResult | undefined {
  const examples = Array.isArray(row.examplePaths) ? row.examplePaths.filter((p): p is string => typeof p === 'string') : [];
  // Most shadows are on hosts no spec serves: nothing there to spell otherwise.
  if (examples.length === 0 || !ctx.catalog.matcher.roots.some((r) => !r.host || sameHost(r.host, row.host))) return undefined;
  const target = currentTemplate({ catalog: ctx.catalog, overrides: [...ctx.overrides], protectedLiterals: new Map() }, row.host, row.method, merged, examples);
  if (target === merged) return undefined;
  const match = matchStored(ctx.catalog, row.host, row.method, target);
  return match.kind === 'operation' ? match : undefined;
}

/**
 * A row stored without its host is matched as `lantern discover` matches a request without one: by the spec whose
 * servers serve its path, whatever their host, when only one operation does (lib/openapi/matcher.ts soleHostedMatch).
 * Until 6 Dec such a row stayed a shadow with no API whenever its spec named a host (any log without Host ingested
 * before its spec was registered), while the same log read by `discover` with the spec was documented.
 */
export function matchStored(catalog: SpecCatalog, host: string, method: string, path: string): MatchResult {
  const match = matchOperation(catalog.matcher, host, method, path);
  if (host !== UNKNOWN_HOST || match.kind === 'operation') return match;
  const sole = soleHostedMatch(catalog.matcher, method, path);
  return sole && (sole.kind === 'operation' || match.kind === 'none') ? sole : match;
}

function onEntry(match: MatchResult, entry: PathEntry): boolean {
  return match.kind !== 'none' && match.entry === entry;
}

/**
 * Sunsets are judged against the endpoint's last call, not the clock: an endpoint nobody called after its sunset is
 * not a zombie, however long ago the sunset was (the endpoint page shows the sunset date itself).
 */
function isZombie(spec: CatalogSpec, op: { id: string; deprecated: boolean; sunsetAt: Date | null }, row: StoredEndpointFacts, ctx: ClassificationContext): boolean {
  const lastCall = row.lastSeen.getTime();
  return (
    op.deprecated ||
    (op.sunsetAt !== null && op.sunsetAt.getTime() <= lastCall) ||
    deprecatedAndCalled(ctx, op.id, row) ||
    spec.apiLifecycle === 'retired' ||
    spec.spec.retired ||
    (spec.spec.sunset !== undefined && Date.parse(spec.spec.sunset) <= lastCall)
  );
}

/** A preflight has no operation to deprecate: its API's retirement or sunset, or its own approved deprecation. */
function preflightZombie(spec: CatalogSpec, row: StoredEndpointFacts, ctx: ClassificationContext): boolean {
  const apiSunset = spec.spec.sunset !== undefined && Date.parse(spec.spec.sunset) <= row.lastSeen.getTime();
  return spec.apiLifecycle === 'retired' || spec.spec.retired || apiSunset || deprecatedAndCalled(ctx, row.id, row);
}

/** An approved deprecation makes a zombie at once without a sunset, with one only if a call came at or after it. */
function deprecatedAndCalled(ctx: ClassificationContext, id: string, row: StoredEndpointFacts): boolean {
  if (!ctx.deprecatedIds.has(id)) return false;
  const sunset = ctx.deprecatedIds.get(id) ?? null;
  return sunset === null || sunset.getTime() <= row.lastSeen.getTime();
}

/**
 * The API whose declared host (on any port when it names none, as in matching) and base path (longest first) serves
 * this path, for traffic no spec documents. Not the one API that names the host whatever the path: a gateway host
 * fronts services no spec describes yet, whose shadows would all become that API's (its owner's lists and alerts).
 * A relative server (`/v1`) names no host: its API serves the hosts its documented calls were stored on, exactly as
 * stored (until 6 Dec no API did, and its shadows there were nobody's, though the host answered to its team).
 */
function apiForHost(ctx: ClassificationContext, host: string, path: string): ApiHost | undefined {
  const segments = splitPath(path);
  let best: { api: ApiHost; depth: number } | undefined;
  const serving = [...ctx.catalog.apiHosts.filter((h) => sameHost(h.host, host)), ...ctx.servedHosts.filter((h) => h.host === host)];
  for (const h of serving) {
    const base = splitPath(h.basePath);
    if (base.length > segments.length || !base.every((s, i) => s === segments[i])) continue;
    if (!best || base.length > best.depth) best = { api: h, depth: base.length };
  }
  return best?.api;
}

/** The evidence the findings rules read, rebuilt from the stored columns and the additive `evidence` JSON. */
export function evidenceOf(row: StoredEndpointFacts): EndpointEvidence {
  const stored: StoredEvidence = { ...EMPTY_EVIDENCE, ...((row.evidence ?? {}) as Partial<StoredEvidence>) };
  return {
    requests: Number(row.requestCount),
    statuses: (row.statusCounts ?? {}) as Record<string, number>,
    authKinds: (row.authCounts ?? {}) as Record<string, number>,
    jwtIssuers: stored.jwtIssuers,
    scopesSeen: stored.scopesSeen,
    ...(stored.scopeSets ? { scopeSets: stored.scopeSets } : {}),
    unauthenticated2xx: stored.unauthenticated2xx,
    ...(stored.jwtNotEnforced2xx ? { jwtNotEnforced2xx: stored.jwtNotEnforced2xx } : {}),
    sensitive: (row.sensitiveTags ?? []) as string[],
    queryParams: stored.queryParams,
    deprecationHeaders: stored.deprecationHeaders,
    sunsetHeaders: stored.sunsetHeaders,
    clients: { internal: stored.clients.internal ?? 0, public: stored.clients.public ?? 0, unknown: stored.clients.unknown ?? 0 },
    callers: stored.callers,
  };
}
