import { splitPath } from '../openapi/path-template';

/**
 * Stored shadow templates as the inventory's own path templates. A collector templates each batch on that batch's
 * traffic alone: a `push --follow` chunk or an OTLP export with two calls to `/members/ann` and `/members/bob` keeps
 * them literal (two values decide nothing), and so does every later quiet batch (`/members/zoe`), while a busy one
 * stores `/members/{memberId}`. Left alone, the inventory grows one literal endpoint per quiet batch next to the
 * template that already covers them. Classification (lib/db/endpoint-classification.ts) re-keys such literals to
 * the stored template, the way a spec's template takes its paths: the template was learnt from more traffic than
 * any one quiet batch.
 */
export interface ShadowTemplateRow {
  host: string;
  method: string;
  pathTemplate: string;
  requestCount: bigint | number;
}

interface Candidate {
  template: string;
  segments: string[];
  requests: number;
}

export type ShadowTemplates = ReadonlyMap<string, readonly Candidate[]>;

/** A whole segment that is one parameter (`{id}`); affixed ones (`{id}.json`) only ever equal themselves here. */
const PLAIN_PARAM = /^\{[^{}]+\}$/;
const isParam = (s: string): boolean => /\{[^{}]*\}/.test(s);
const keyOf = (host: string, method: string, length: number) => `${host}\n${method}\n${length}`;

/** Indexes the rows that have a parameter (literal rows cover nothing). */
export function indexShadowTemplates(rows: readonly ShadowTemplateRow[]): ShadowTemplates {
  const index = new Map<string, Candidate[]>();
  for (const r of rows) {
    const segments = splitPath(r.pathTemplate);
    if (!segments.some((s) => PLAIN_PARAM.test(s))) continue;
    const key = keyOf(r.host, r.method, segments.length);
    const list = index.get(key) ?? index.set(key, []).get(key)!;
    list.push({ template: r.pathTemplate, segments, requests: Number(r.requestCount) });
  }
  return index;
}

/**
 * The stored template this shadow path belongs to, if one covers it: same host, method and length, equal
 * segments or a parameter, and a parameter where the path has a literal at least once (so `{id}` and `{userId}`
 * at one position never take each other). The most specific covering template wins (fewest such positions), then
 * the busier. One step only: the template a literal goes to is itself judged on its own traffic when it is
 * classified (a busy `/members/{memberId}/orders` stays beside a quiet `/members/{memberId}/{param}`).
 *
 * A literal at least half as busy as the whole template is left alone: that is an API's own name polled all day
 * (`/users/me` beside `/users/{userId}`, which the engine keeps apart within a batch too), not one value among many.
 * `keeps` lets split overrides keep a literal out of a template.
 */
export function coveringTemplate(
  index: ShadowTemplates,
  host: string,
  method: string,
  path: string,
  requests: number,
  keeps: (template: string) => boolean = () => false,
): string | undefined {
  const segments = splitPath(path);
  return bestCover(index.get(keyOf(host, method, segments.length)) ?? [], segments, requests, keeps)?.template;
}

function bestCover(candidates: readonly Candidate[], segments: readonly string[], requests: number, keeps: (template: string) => boolean): Candidate | undefined {
  let best: { c: Candidate; widened: number } | undefined;
  for (const c of candidates) {
    const widened = widenedPositions(c.segments, segments);
    if (widened === 0) continue;
    if (requests >= 4 && 2 * requests >= c.requests) continue;
    if (keeps(c.template)) continue;
    if (!best || widened < best.widened || (widened === best.widened && (c.requests > best.c.requests || (c.requests === best.c.requests && c.template < best.c.template)))) {
      best = { c, widened };
    }
  }
  return best?.c;
}

/** How many literals of `path` the template turns into parameters; 0 when it does not cover the path. */
function widenedPositions(template: readonly string[], path: readonly string[]): number {
  let widened = 0;
  for (let i = 0; i < path.length; i++) {
    const t = template[i];
    const p = path[i];
    if (t === p) continue;
    if (!PLAIN_PARAM.test(t)) return 0;
    if (!isParam(p)) widened++;
    else if (!PLAIN_PARAM.test(p)) return 0;
  }
  return widened;
}
