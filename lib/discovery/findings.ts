import { z } from 'zod';
import { announcedSunset, declaresDeprecation } from '../openapi/declared-deprecation';
import type { NormalisedSpec, SpecOperation } from '../openapi/spec-model';
import type { EndpointEvidence } from './evidence';

export const findingKindSchema = z.enum([
  'undocumented-status',
  'unknown-query-param',
  'auth-mismatch',
  'missing-scopes',
  'jwt-not-enforced',
  'undeclared-deprecation',
  'undeclared-sunset',
  'deprecated-operation',
  'sensitive-data',
]);
export const findingSchema = z.object({
  kind: findingKindSchema,
  message: z.string(),
  /** The offending values: status codes, parameter names, scopes, sensitive-data tags. */
  values: z.array(z.string()).optional(),
});
export type Finding = z.infer<typeof findingSchema>;

/** Differences between what an operation declares and what its traffic showed. */
export function operationFindings(spec: NormalisedSpec, op: SpecOperation, ev: EndpointEvidence): Finding[] {
  const out: Finding[] = [];
  const undocumented = Object.keys(ev.statuses).filter((s) => s !== '0' && !statusDeclared(op.responses, s));
  if (undocumented.length > 0) {
    out.push({ kind: 'undocumented-status', message: `responses not in the spec: ${undocumented.join(', ')}`, values: undocumented });
  }
  const known = new Set(op.parameters.filter((p) => p.in === 'query').map((p) => p.name));
  for (const s of Object.values(spec.securitySchemes)) if (s.in === 'query' && s.name) known.add(s.name);
  // A free-form object parameter (`style: form, explode: true`) accepts any name: nothing is unknown.
  const freeForm = op.parameters.some((p) => p.in === 'query' && p.type === 'object');
  const unknown = freeForm ? [] : Object.keys(ev.queryParams).filter((q) => !known.has(q) && !known.has(q.replace(/\[.*$/, '')));
  if (unknown.length > 0) out.push({ kind: 'unknown-query-param', message: `query parameters not in the spec: ${unknown.join(', ')}`, values: unknown });
  if (requiresCredentials(op.security) && ev.unauthenticated2xx > 0) {
    out.push({ kind: 'auth-mismatch', message: `${ev.unauthenticated2xx} unauthenticated requests got a 2xx although the spec requires security` });
  }
  out.push(...jwtFindings(ev));
  const missing = missingScopes(op, ev);
  if (missing.length > 0) out.push({ kind: 'missing-scopes', message: `tokens seen lack required scopes: ${missing.join(', ')}`, values: missing });
  // A sunset date (the operation's, or the whole API's) declares the deprecation as `deprecated: true` does: the
  // operation is going away, which is all the Deprecation header says.
  const sunset = op.sunset ?? spec.sunset;
  if (ev.deprecationHeaders > 0 && !declaresDeprecation(spec, op)) {
    out.push({ kind: 'undeclared-deprecation', message: 'responses carry a Deprecation header; the spec does not mark the operation deprecated' });
  }
  // Deprecated by its date alone, its calls are documented until then: said here, where `deprecated: true` makes them
  // zombie calls at once (until 7 Dec such calls were documented with nothing saying the operation was going away).
  const announced = announcedSunset(spec, op);
  if (announced !== undefined) {
    const day = announced.slice(0, 10);
    out.push({ kind: 'deprecated-operation', message: `the spec deprecates the operation with a sunset on ${day}: calls from then on are zombie calls`, values: [day] });
  }
  if (ev.sunsetHeaders > 0 && sunset === undefined) {
    out.push({ kind: 'undeclared-sunset', message: 'responses carry a Sunset header; the spec declares no sunset date' });
  }
  return out;
}

/** Shadow endpoints get one finding of their own: personal or secret data on an API nobody reviewed; and any JWT one. */
export function shadowFindings(ev: EndpointEvidence): Finding[] {
  const out: Finding[] = ev.sensitive.length > 0
    ? [{ kind: 'sensitive-data', message: `undocumented endpoint carries ${ev.sensitive.join(', ')}`, values: ev.sensitive }]
    : [];
  return [...out, ...jwtFindings(ev)];
}

/** A 2xx to an expired or unsigned JWT: the endpoint accepts tokens it does not verify, whatever its spec says. */
function jwtFindings(ev: EndpointEvidence): Finding[] {
  const n = ev.jwtNotEnforced2xx ?? 0;
  return n > 0 ? [{ kind: 'jwt-not-enforced', message: `${n} requests with an expired or unsigned (alg none) JWT got a 2xx: tokens are not verified` }] : [];
}

/** `404` is declared by `404`, `4XX` or `default`. */
export function statusDeclared(responses: readonly string[], status: string): boolean {
  return responses.some((r) => r === status || r === 'default' || (r.length === 3 && /^[1-5]XX$/i.test(r) && r[0] === status[0]));
}

/**
 * Scopes a token that got a 2xx lacked: for each such token, what the requirement it comes closest to asks for and it
 * does not have; empty when every token satisfied one or nothing is known. A token is judged by its own scopes (until
 * 6 Dec by the union of all tokens', so a `read` token and a `write` token passed for one holding both). Evidence
 * from before then has only that union and is read as one token, as it was.
 */
export function missingScopes(op: SpecOperation, ev: Pick<EndpointEvidence, 'scopesSeen' | 'scopeSets'>): string[] {
  const tokens = ev.scopeSets ? ev.scopeSets.map((set) => set.split(' ')) : ev.scopesSeen.length > 0 ? [ev.scopesSeen] : [];
  const missing = new Set<string>();
  for (const scopes of tokens) for (const s of missingForToken(op, new Set(scopes))) missing.add(s);
  return [...missing].sort();
}

/** What the cheapest of the operation's requirements asks for that one token lacks. */
function missingForToken(op: SpecOperation, scopes: ReadonlySet<string>): string[] {
  let best: string[] | undefined;
  for (const req of op.security) {
    const missing = Object.values(req.schemes).flat().filter((s) => !scopes.has(s));
    if (!best || missing.length < best.length) best = missing;
  }
  return best ?? [];
}

/** Security the spec requires: some requirement, and none of them empty (`{}` lets anonymous callers in). */
export function requiresCredentials(security: SpecOperation['security']): boolean {
  return security.length > 0 && security.every((r) => Object.keys(r.schemes).length > 0);
}

export function requiredScopes(op: SpecOperation): string[] {
  return [...new Set(op.security.flatMap((r) => Object.values(r.schemes).flat()))].sort();
}
