import { impliedOperation } from './implied-operations';
import { canonicalRequestPath, decodeSegment, requestSegments } from './request-path';
import { canonicalHost } from './servers';
import type { NormalisedSpec, SpecOperation, SpecServer } from './spec-model';
import { buildServerTrie, fitsAffixed, type PathEntry, type TrieNode } from './spec-trie';

export interface ServerRoot {
  /** Undefined: the server URL is relative and any host may serve it. */
  host?: string;
  baseSegments: string[];
  root: TrieNode;
  /** Only requests naming `host` match it (templates agreed over several inputs: they say nothing of host-less traffic). */
  hostOnly?: boolean;
}

export interface Matcher {
  roots: ServerRoot[];
  /** Every literal segment any spec defines for a host (host-less specs under `''`), so templating never merges them. */
  literalsFor(host: string | undefined): Set<string>;
}

export type MatchResult =
  | { kind: 'operation'; entry: PathEntry; operation: SpecOperation; host?: string }
  /** The path is documented but not for this method: a shadow method on a documented path. */
  | { kind: 'path'; entry: PathEntry; host?: string }
  | { kind: 'none' };

const KEYED_SET = /^[A-Za-z][\w.]*\([^)]*\{[^}]+\}[^)]*\)$/;

/** At most this many candidate paths are compared per request; pathological specs cannot stall matching. */
const MAX_CANDIDATES = 16;

export function createMatcher(specs: readonly NormalisedSpec[], hostOnly: readonly NormalisedSpec[] = []): Matcher {
  const roots: ServerRoot[] = [];
  const literals = new Map<string, Set<string>>();
  for (const spec of [...specs, ...hostOnly]) {
    const only = hostOnly.includes(spec);
    for (const { server, operations } of operationsByServer(spec)) {
      const baseSegments = requestSegments(canonicalRequestPath(server.basePath || '/'));
      roots.push({ host: server.host, baseSegments, root: buildServerTrie(spec, server, operations), ...(only && server.host ? { hostOnly: true } : {}) });
      const set = literals.get(server.host ?? '') ?? new Set<string>();
      for (const s of baseSegments) set.add(s);
      for (const op of operations) {
        for (const s of op.path.split('/')) {
          if (s && !s.includes('{')) set.add(decodeSegment(s));
          // An entity set the spec keys (`/Products({ID})`): its name and parenthesis, which no request segment is alone,
          // say its keys are keys however they are written (lib/discovery/typed-segment.ts odataKey).
          else if (KEYED_SET.test(s)) set.add(decodeSegment(s.slice(0, s.indexOf('(') + 1)));
        }
      }
      literals.set(server.host ?? '', set);
    }
  }
  // Longest base path first, so `candidates` meets ties in precedence order (see precedes).
  roots.sort((a, b) => b.baseSegments.length - a.baseSegments.length || (a.host ? 0 : 1) - (b.host ? 0 : 1));
  return {
    roots,
    literalsFor: (host) => new Set([...(literals.get(canonicalHost(host) ?? '') ?? []), ...(literals.get('') ?? [])]),
  };
}

/** Operations grouped by the servers that serve them: the document's, or their own path/operation-level ones. */
function operationsByServer(spec: NormalisedSpec): Array<{ server: SpecServer; operations: SpecOperation[] }> {
  const groups = new Map<string, { server: SpecServer; operations: SpecOperation[] }>();
  for (const op of spec.operations) {
    for (const server of op.servers ?? spec.servers) {
      const k = `${server.host ?? ''}|${server.basePath}`;
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { server, operations: [] }));
      g.operations.push(op);
    }
  }
  return [...groups.values()];
}

/**
 * Finds the documented operation for a concrete request. Hosts select servers (a request without a
 * host, as in nginx `combined` logs, may match any), the base path is stripped, and among the paths
 * that match, in any spec, literal segments beat parameters (`/users/me` before `/users/{id}`). The
 * most specific path that has the method wins; when none has it, the most specific path is returned as
 * `path`. Every server is asked, so the answer does not depend on the order the specs were given in.
 */
export function matchOperation(matcher: Matcher, host: string | undefined, method: string, rawPath: string): MatchResult {
  return matchSegments(matcher, host, method, requestSegments(canonicalRequestPath(rawPath)));
}

/**
 * A shadow's template spelled as templating makes it, plus the trailing slash of the spec path it lies on: request
 * paths are matched without their trailing slash, so templating drops it, but a Django-style spec writes
 * `/api/users/{id}/` and an undocumented method there is listed under the spelling of the documented ones beside it.
 */
export function shadowTemplateSpelling(match: MatchResult, template: string): string {
  if (match.kind !== 'path') return template;
  const bare = template.length > 1 && template.endsWith('/') ? template.slice(0, -1) : template;
  const slash = match.entry.wireTemplate.length > 1 && match.entry.wireTemplate.endsWith('/');
  return slash && bare !== '/' ? `${bare}/` : bare;
}

/**
 * The match of a request stored without its host (`unknown-host`: a log without Host, ingested before its spec was
 * registered or by a collector without it) when the specs leave no doubt: every host's servers are asked, and the
 * answer stands only when they all name the same operation (or, for a method no spec documents there, one spec's
 * path). Two APIs documenting `GET /v1/health` leave it undecided: undefined, and the request stays where it was.
 */
export function soleHostedMatch(matcher: Matcher, method: string, rawPath: string): MatchResult | undefined {
  const segments = requestSegments(canonicalRequestPath(rawPath));
  // Most host-less rows of a large estate match no spec at all: one match over every server says so.
  if (matchSegments(matcher, undefined, method, segments).kind === 'none') return undefined;
  const operations = new Map<SpecOperation, MatchResult>();
  const paths = new Map<string, MatchResult>();
  for (const host of new Set(matcher.roots.flatMap((r) => (r.host !== undefined && !r.hostOnly && startsWith(segments, r.baseSegments) ? [r.host] : [])))) {
    const m = matchSegments(matcher, host, method, segments);
    if (m.kind === 'operation' && !operations.has(m.operation)) operations.set(m.operation, m);
    else if (m.kind === 'path' && !paths.has(m.entry.spec.id)) paths.set(m.entry.spec.id, m);
  }
  if (operations.size > 0) return operations.size === 1 ? [...operations.values()][0] : undefined;
  return paths.size === 1 ? [...paths.values()][0] : undefined;
}

interface Candidate {
  root: ServerRoot;
  entry: PathEntry;
  operation?: SpecOperation;
}

/** matchOperation for a path already split (`requestSegments(canonicalRequestPath(path))`): the hot path splits once. */
export function matchSegments(matcher: Matcher, host: string | undefined, method: string, segments: string[]): MatchResult {
  if (matcher.roots.length === 0) return { kind: 'none' };
  const wantHost = canonicalHost(host);
  const upper = method.toUpperCase();
  let best: (Candidate & { operation: SpecOperation }) | undefined;
  let bestPath: Candidate | undefined;
  let implied: (Candidate & { operation: SpecOperation }) | undefined;
  for (const root of matcher.roots) {
    if (wantHost ? root.host && !sameHost(root.host, wantHost) : root.hostOnly) continue;
    if (!startsWith(segments, root.baseSegments)) continue;
    for (const entry of candidates(root.root, segments, root.baseSegments.length)) {
      const documented = entry.operations.get(upper);
      const operation = documented ?? impliedOperation(entry, upper);
      if (operation) {
        const c = { root, entry, operation };
        // A method a spec documents on any matching path beats one implied (HEAD by GET, an OPTIONS preflight) by a
        // more specific path, as a documented method a literal path lacks falls to the parameter path that has it.
        if (!documented) {
          if (!implied || precedes(c, implied)) implied = c;
        } else if (!best || precedes(c, best)) best = c;
      } else if (!best && (!bestPath || precedes({ root, entry }, bestPath))) bestPath = { root, entry };
    }
  }
  best ??= implied;
  if (best) return { kind: 'operation', entry: best.entry, operation: best.operation, host: best.root.host ?? wantHost };
  if (bestPath) return { kind: 'path', entry: bestPath.entry, host: bestPath.root.host ?? wantHost };
  return { kind: 'none' };
}

/**
 * Precedence between two matching paths, from any specs: the more specific wire template (segment by
 * segment, base path included), then the longer base path (`/api/v2` + `/users` before `/api` +
 * `/v2/users`), then a server that names the host over a relative one. Two specs documenting the same
 * operation (a v1 spec kept beside v2) are then told apart by what the request most plausibly calls: a
 * live operation before a deprecated or retired copy (calling an operation the current spec still
 * documents is not a zombie call), and finally the spec id, so the order specs were given in never
 * decides. Ties within one spec keep the trie's order.
 */
function precedes(a: Candidate, b: Candidate): boolean {
  const order =
    compareSpecificity(a, b) ||
    b.root.baseSegments.length - a.root.baseSegments.length ||
    (a.root.host ? 0 : 1) - (b.root.host ? 0 : 1) ||
    retired(a) - retired(b) ||
    (a.entry.spec.id < b.entry.spec.id ? -1 : a.entry.spec.id > b.entry.spec.id ? 1 : 0);
  return order < 0;
}

function retired(c: Candidate): number {
  return c.operation?.deprecated || c.entry.spec.retired ? 1 : 0;
}

function compareSpecificity(a: Candidate, b: Candidate): number {
  const aBase = a.root.baseSegments.length;
  const bBase = b.root.baseSegments.length;
  const n = Math.min(aBase + a.entry.specificity.length, bBase + b.entry.specificity.length);
  for (let i = 0; i < n; i++) {
    // Base path segments are literals.
    const ra = i < aBase ? 0 : a.entry.specificity[i - aBase];
    const rb = i < bBase ? 0 : b.entry.specificity[i - bBase];
    if (ra !== rb) return ra - rb;
  }
  return 0;
}

/**
 * A server URL without a port names the host on any port: mirrors and sidecars see
 * `api.example.com:8443` for the API a spec documents as `https://api.example.com`. A server URL with
 * a port (`http://localhost:8080`) must match it exactly.
 */
export function sameHost(serverHost: string, requestHost: string): boolean {
  if (serverHost === requestHost) return true;
  if (hasPort(serverHost)) return false;
  const colon = requestHost.lastIndexOf(':');
  return colon > 0 && !requestHost.endsWith(']') && requestHost.slice(0, colon) === serverHost;
}

function hasPort(host: string): boolean {
  const colon = host.lastIndexOf(':');
  return colon !== -1 && !host.endsWith(']');
}

function startsWith(segments: string[], prefix: string[]): boolean {
  if (prefix.length > segments.length) return false;
  for (let i = 0; i < prefix.length; i++) if (segments[i] !== prefix[i]) return false;
  return true;
}

/** Matching paths in precedence order (depth-first: literal, affixed, plain parameter, multi-segment). */
function candidates(root: TrieNode, segs: string[], start: number): PathEntry[] {
  const out: PathEntry[] = [];
  visit(root, segs, start, out);
  return out;
}

// A module-level recursive function, not a closure: this runs once per request and per level.
function visit(node: TrieNode, segs: string[], i: number, out: PathEntry[]): void {
  if (out.length >= MAX_CANDIDATES) return;
  if (i === segs.length) {
    if (node.entry) out.push(node.entry);
    return;
  }
  const seg = segs[i];
  const lit = node.literals.get(seg);
  if (lit) visit(lit, segs, i + 1, out);
  for (const a of node.affixed) if (fitsAffixed(a, seg)) visit(a.node, segs, i + 1, out);
  if (node.param && seg.length > 0) visit(node.param.node, segs, i + 1, out);
  if (node.multi) for (let end = segs.length; end > i; end--) visit(node.multi.node, segs, end, out);
}

/**
 * The host of the spec a host-less request most plausibly belongs to: the server whose base path and
 * documented paths cover the longest prefix of the request. A generic base path is not enough (`/v1`
 * is everyone's): the request must then also follow a literal segment of a documented path
 * (`/v1/pets/7/photos` under `/pets/{petId}`). Undefined otherwise (the caller then falls back to `--host`).
 */
export function hostForPath(matcher: Matcher, rawPath: string): string | undefined {
  return hostForSegments(matcher, requestSegments(canonicalRequestPath(rawPath)));
}

/** Base path segments many APIs share (a version, `api`, `rest`): alone they say nothing about whose a path is. */
const GENERIC_BASE_SEGMENT = /^(api|apis|rest|v\d{1,3}(\.\d{1,3})?(alpha\d*|beta\d*)?|\d{1,2}(\.\d{1,2})?)$/i;

export function hostForSegments(matcher: Matcher, segments: string[]): string | undefined {
  let best: { host: string; depth: number } | undefined;
  for (const root of matcher.roots) {
    if (!root.host || root.hostOnly || !startsWith(segments, root.baseSegments)) continue;
    const documented = documentedPrefix(root.root, segments, root.baseSegments.length);
    if (documented.literals === 0 && root.baseSegments.every((seg) => GENERIC_BASE_SEGMENT.test(seg))) continue;
    const depth = root.baseSegments.length + documented.depth;
    if (!best || depth > best.depth) best = { host: root.host, depth };
  }
  return best?.host;
}

/**
 * How many segments from `i` follow the documented paths, and how many of those were literals other than the generic
 * ones: a spec that writes its version in its paths (Stripe's server is `https://api.stripe.com/`, its paths
 * `/v1/customers`…) has `/v1` as everyone's too, and until 6 Dec every host-less `/v1/widgets/42` was put on its host.
 */
function documentedPrefix(node: TrieNode, segs: string[], i: number): { depth: number; literals: number } {
  let depth = 0;
  let literals = 0;
  for (let n: TrieNode | undefined = node; n && i + depth < segs.length; ) {
    const seg = segs[i + depth];
    const lit = n.literals.get(seg);
    if (lit) literals += GENERIC_BASE_SEGMENT.test(seg) ? 0 : 1;
    else if (!n.param && !n.affixed.some((a) => fitsAffixed(a, seg))) return { depth: n.multi ? segs.length - i : depth, literals };
    n = lit ?? n.param?.node ?? n.affixed.find((a) => fitsAffixed(a, seg))?.node;
    depth++;
  }
  return { depth, literals };
}
