import type { EndpointObservation } from '../inventory/observation';
import { splitPath } from '../openapi/path-template';
import { formerlyAfterSecretWord, isSecretSegment, REDACTED_SEGMENT } from '../security/redact-path';
import { keyOf } from './endpoint-key';
import type { DbClient } from './spec-catalog';

/**
 * Until 6 Dec a published name or an API version after a secret's word (`/auth/oauth2/token`, `/keys/rsa4096`,
 * `/webhooks/v2beta1/list`: lib/security/well-known-names.ts), and words joined by separators there
 * (`/admin/oauth/access_scopes.json`), were taken for a token: the row was stored with a parameter there
 * (`/auth/{authId}/token`) and its example paths `{redacted}`, which no start-up pass can turn back into the name. Today's templating keeps the literal; this gives such an observation the path of the row its
 * traffic was always counted on, so one endpoint never becomes two. Only a row whose every example is `{redacted}`
 * (or that literal) at each such position: where an example shows another value, the parameter was learnt from real
 * values, and the literal is an endpoint of its own. A row with today's literal template, once there is one, keeps it.
 */
export async function withFormerSecretRows(client: DbClient, observations: EndpointObservation[]): Promise<EndpointObservation[]> {
  const candidates = observations.filter((o) => formerlyRedacted(splitPath(o.path)).length > 0);
  if (candidates.length === 0) return observations;
  const rows = await client.endpoint.findMany({
    where: { OR: candidates.map((o) => ({ host: o.host, method: o.method, pathTemplate: { startsWith: literalPrefix(o.path) } })) },
    select: { host: true, method: true, pathTemplate: true, examplePaths: true },
  });
  const existing = new Set(rows.map((r) => keyOf(r.host, r.method, r.pathTemplate)));
  return observations.map((o) => {
    if (!candidates.includes(o) || existing.has(keyOf(o.host, o.method, o.path))) return o;
    const former = rows.find((r) => r.host === o.host && r.method === o.method && isFormerRow(o.path, r.pathTemplate, r.examplePaths as string[]));
    return former ? { ...o, path: former.pathTemplate } : o;
  });
}

/**
 * Positions of the literals the rules of 6 Dec keep where the one before redacted them: a name or version the size a
 * token had to be (6+), or words joined by separators (Shopify's `/admin/oauth/access_scopes.json`), after a word
 * naming a secret. Only those: a Kubernetes `/apis/apps/v1beta1/…` was never redacted, and asking the database for
 * its former rows would cost every such batch a query.
 */
function formerlyRedacted(segments: readonly string[]): number[] {
  const out: number[] = [];
  segments.forEach((s, i) => {
    if (i === 0 || s.length < 6 || s.startsWith('{') || !formerlyAfterSecretWord(s, segments[i - 1], segments[i - 2])) return;
    if (!isSecretSegment(s, segments[i - 1], segments[i - 2], segments[i - 3])) out.push(i);
  });
  return out;
}

const PLAIN_PARAM = /^\{[^{}]+\}$/;

function isFormerRow(path: string, template: string, examplePaths: readonly string[]): boolean {
  const wanted = splitPath(path);
  const stored = splitPath(template);
  if (stored.length !== wanted.length || examplePaths.length === 0) return false;
  const positions = formerlyRedacted(wanted);
  const examples = examplePaths.map(splitPath);
  return wanted.every((s, i) => {
    if (!positions.includes(i)) return s === stored[i];
    // The literal itself too: the examples this mapping added since (they sort before `{redacted}`, and 5 are kept).
    return PLAIN_PARAM.test(stored[i]) && examples.every((e) => e.length === wanted.length && (e[i] === REDACTED_SEGMENT || e[i] === s));
  });
}

/** `/auth/oauth2/token` → `/auth/`: what the former row's template starts with. */
function literalPrefix(path: string): string {
  const segments = splitPath(path);
  const first = formerlyRedacted(segments)[0];
  return `/${segments.slice(0, first).map((s) => `${s}/`).join('')}`;
}
