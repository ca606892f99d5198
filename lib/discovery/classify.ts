import { z } from 'zod';
import { declaresDeprecation } from '../openapi/declared-deprecation';
import { joinBasePath, operationPathKey } from '../openapi/path-template';
import { operationBasePath } from '../openapi/servers';
import type { NormalisedSpec, SpecOperation } from '../openapi/spec-model';
import { endpointEvidenceSchema, EvidenceAccumulator } from './evidence';
import { findingSchema, operationFindings, requiredScopes, shadowFindings } from './findings';
import { unlistedReason } from './unlisted-shadows';
import type { ObservationStore } from './observe';
import { compileOverrides, isIgnored, type PathOverride } from './overrides';
import { redactNamedSecrets } from '../security/redact-named-secrets';
import type { TemplatedEndpoint } from './templating';

export const endpointStateSchema = z.enum(['documented', 'shadow', 'zombie']);
export type EndpointState = z.infer<typeof endpointStateSchema>;
export const zombieReasonSchema = z.enum(['deprecated', 'sunset-passed', 'api-retired', 'api-sunset-passed']);

export const discoveredEndpointSchema = z.object({
  host: z.string(),
  method: z.string(),
  /** Wire template: base path included, parameters in braces. */
  path: z.string(),
  state: endpointStateSchema,
  requests: z.number().int(),
  operationId: z.string().optional(),
  specId: z.string().optional(),
  /** The spec's own template (without base path) for documented and zombie endpoints. */
  specPath: z.string().optional(),
  zombieReasons: z.array(zombieReasonSchema).optional(),
  /**
   * The operation's or its API's sunset is before `now`, whether or not any call came after it: calls are due to
   * fail. A fact of its own, not a zombie: only traffic after the sunset makes one.
   */
  sunsetPassed: z.boolean().optional(),
  owner: z.string().optional(),
  scopesRequired: z.array(z.string()).optional(),
  evidence: endpointEvidenceSchema,
  findings: z.array(findingSchema),
});
export type DiscoveredEndpoint = z.infer<typeof discoveredEndpointSchema>;

export const unusedOperationSchema = z.object({
  method: z.string(),
  path: z.string(),
  operationId: z.string().optional(),
  specId: z.string(),
  deprecated: z.boolean(),
});
export type UnusedOperation = z.infer<typeof unusedOperationSchema>;

export const discoveryResultSchema = z.object({
  endpoints: z.array(discoveredEndpointSchema),
  unused: z.array(unusedOperationSchema),
  stats: z.object({
    skipped: z.number().int(),
    overflow: z.number().int(),
    /** Requests to undocumented paths that only ever got 404/405, left out with `hideNotFound`. */
    notFound: z.number().int(),
    /** CORS preflights (OPTIONS) to undocumented paths, left out with `hidePreflights` (unlisted-shadows.ts). */
    preflights: z.number().int(),
    /** Requests a proxy answered 407 or 511: the API never got them, so no endpoint counts them (observe.ts). */
    proxyRefused: z.number().int(),
  }),
});
export type DiscoveryResult = z.infer<typeof discoveryResultSchema>;

/**
 * Documented traffic becomes `documented` or `zombie`; templated traffic is `shadow` (no operation for
 * that method and path on that host); documented operations nobody called are `unused`.
 */
export function classify(
  store: ObservationStore,
  templated: readonly TemplatedEndpoint[],
  specs: readonly NormalisedSpec[],
  now: Date,
  overrides: readonly PathOverride[] = [],
  options: { hideNotFound?: boolean; hidePreflights?: boolean } = {},
): DiscoveryResult {
  const endpoints: DiscoveredEndpoint[] = [];
  const used = new Set<SpecOperation>();
  const usedKeys = new Set<string>();
  const documented = new Map<string, { spec: NormalisedSpec; op: SpecOperation; host: string; method: string; path: string; ev: EvidenceAccumulator }>();
  const ignore = compileOverrides(overrides.filter((o) => o.action === 'ignore'));
  for (const obs of store.matched.values()) {
    if (ignore.length > 0 && isIgnored(ignore, obs.host, obs.method, obs.entry.wireTemplate.split('/').filter((s) => s.length > 0))) continue;
    used.add(obs.operation);
    for (const k of operationKeys(obs.entry.spec, obs.operation)) usedKeys.add(k);
    // The same operation reached through two servers of one host (http and https) is one endpoint.
    const key = `${obs.host}\n${obs.method}\n${obs.entry.spec.id}\n${obs.entry.wireTemplate}`;
    let d = documented.get(key);
    if (!d) {
      d = { spec: obs.entry.spec, op: obs.operation, host: obs.host, method: obs.method, path: obs.entry.wireTemplate, ev: new EvidenceAccumulator() };
      documented.set(key, d);
    }
    d.ev.merge(obs.evidence);
  }
  for (const d of documented.values()) {
    const evidence = withNamedSecretsRedacted(d.path, d.ev.snapshot());
    // The sunset is judged against when the traffic happened: a log from before it shows no zombie, however late it
    // is read. Without a timestamp the time of the traffic is unknown, and `now` stands in.
    const lastCall = evidence.lastSeen ? Date.parse(evidence.lastSeen) : now.getTime();
    const reasons = zombieReasons(d.spec, d.op, lastCall);
    endpoints.push({
      host: d.host,
      method: d.method,
      path: d.path,
      state: reasons.length > 0 ? 'zombie' : 'documented',
      requests: evidence.requests,
      ...(d.op.operationId ? { operationId: d.op.operationId } : {}),
      specId: d.spec.id,
      specPath: d.op.path,
      ...(reasons.length > 0 ? { zombieReasons: reasons } : {}),
      ...(sunsetBefore(d.spec, d.op, now.getTime()) ? { sunsetPassed: true } : {}),
      ...(d.op.owner ? { owner: d.op.owner } : {}),
      scopesRequired: requiredScopes(d.op),
      evidence,
      findings: operationFindings(d.spec, d.op, evidence),
    });
  }
  const unlisted = { notFound: 0, preflights: 0 };
  const listing = { includeNotFound: !options.hideNotFound, includePreflights: !options.hidePreflights };
  for (const t of templated) {
    const evidence = withNamedSecretsRedacted(t.template, t.evidence.snapshot());
    const reason = unlistedReason({ state: 'shadow', method: t.method, statuses: evidence.statuses }, listing);
    if (reason) {
      unlisted[reason] += evidence.requests;
      continue;
    }
    endpoints.push({ host: t.host, method: t.method, path: t.template, state: 'shadow', requests: evidence.requests, evidence, findings: shadowFindings(evidence) });
  }
  endpoints.sort((a, b) => cmp(a.host, b.host) || cmp(a.path, b.path) || cmp(a.method, b.method) || cmp(a.specId ?? '', b.specId ?? ''));
  return { endpoints, unused: unusedOperations(specs, used, usedKeys), stats: { skipped: store.skipped, overflow: store.overflow, ...unlisted, proxyRefused: store.proxyRefused } };
}

/** Examples with the values a spec's parameter names as a credential redacted (redact-named-secrets.ts). */
function withNamedSecretsRedacted<E extends { examplePaths?: string[] }>(template: string, evidence: E): E {
  const examples = evidence.examplePaths && redactNamedSecrets(template, evidence.examplePaths);
  return examples === evidence.examplePaths ? evidence : { ...evidence, examplePaths: [...new Set(examples)].sort() };
}

/** Why traffic whose last call was at `lastCall` (ms) makes a zombie: a sunset counts only if a call came at or after it. */
export function zombieReasons(spec: NormalisedSpec, op: SpecOperation, lastCall: number): Array<z.infer<typeof zombieReasonSchema>> {
  const reasons: Array<z.infer<typeof zombieReasonSchema>> = [];
  if (op.deprecated) reasons.push('deprecated');
  if (op.sunset && Date.parse(op.sunset) <= lastCall) reasons.push('sunset-passed');
  if (spec.retired) reasons.push('api-retired');
  if (spec.sunset && Date.parse(spec.sunset) <= lastCall) reasons.push('api-sunset-passed');
  return reasons;
}

function sunsetBefore(spec: NormalisedSpec, op: SpecOperation, time: number): boolean {
  return (op.sunset !== undefined && Date.parse(op.sunset) <= time) || (spec.sunset !== undefined && Date.parse(spec.sunset) <= time);
}

/** Host, method and wire path (parameter names and a trailing slash ignored, as matching does) of each server that serves an operation. */
export function operationKeys(spec: NormalisedSpec, op: SpecOperation): string[] {
  return (op.servers ?? spec.servers).map((s) => `${s.host ?? ''}\n${op.method}\n${operationPathKey(joinBasePath(s.basePath, op.path))}`);
}

/**
 * Operations nobody called. A copy of a called operation in another spec (v1 and v2 both documenting
 * GET /orders/{id} for one host) is not unused: the matcher picks one of them for the traffic, and
 * listing the other would say the endpoint was both called and not.
 */
function unusedOperations(specs: readonly NormalisedSpec[], used: Set<SpecOperation>, usedKeys: Set<string>): UnusedOperation[] {
  const out: UnusedOperation[] = [];
  for (const spec of specs) {
    for (const op of spec.operations) {
      if (used.has(op) || operationKeys(spec, op).some((k) => usedKeys.has(k))) continue;
      out.push({ method: op.method, path: joinBasePath(operationBasePath(spec, op), op.path), ...(op.operationId ? { operationId: op.operationId } : {}), specId: spec.id, deprecated: declaresDeprecation(spec, op) });
    }
  }
  return out.sort((a, b) => cmp(a.specId, b.specId) || cmp(a.path, b.path) || cmp(a.method, b.method));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
