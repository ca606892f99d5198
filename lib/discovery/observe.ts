import type { Exchange } from '../exchange';
import { isMethodToken, isRecordableHost } from '../exchange/http-rules';
import { isCredentialHost } from '../security/secret-shape';
import { hostForSegments, matchSegments, type Matcher } from '../openapi/matcher';
import { canonicalRequestPath, requestSegments, templateSegments } from '../openapi/request-path';
import { canonicalHost } from '../openapi/servers';
import type { SpecOperation } from '../openapi/spec-model';
import type { PathEntry } from '../openapi/spec-trie';
import { EvidenceAccumulator } from './evidence';
import { applyCollapses, findCollapses, type CollapseNode } from './compact-store';
import { isApiVersionLiteral, RESERVED_LITERALS } from './segment-types';
import { routeSegments, typedSegment } from './typed-segment';

/** Traffic on a documented operation: one per (host, method, wire template), however many IDs it saw. */
export interface MatchedObservation {
  host: string;
  method: string;
  entry: PathEntry;
  operation: SpecOperation;
  evidence: EvidenceAccumulator;
}

/** Traffic no operation explains, keyed by its path with typed values already abstracted. */
export interface UnmatchedObservation {
  host: string;
  method: string;
  /** Literal segments, or typed placeholders from `abstractSegment`. */
  segments: string[];
  evidence: EvidenceAccumulator;
}

export interface ObservationStore {
  matched: Map<string, MatchedObservation>;
  unmatched: Map<string, UnmatchedObservation>;
  /**
   * Exchanges without a method (or one that is no token), or without a path or route (TLS-only flows, broken log
   * lines, `OPTIONS *`, a version where the target belongs): nothing to place.
   */
  skipped: number;
  /**
   * Exchanges a forward proxy answered 407 (Proxy Authentication Required, RFC 9110 §15.5.8), or an intercepting one
   * (a captive portal) 511 (Network Authentication Required, RFC 6585 §6): the proxy refused them, so the API never
   * got them; an authenticating proxy refuses each call's first try (NTLM and Negotiate twice).
   */
  proxyRefused: number;
  /** Unmatched keys refused once `maxUnmatched` was reached; non-zero means the result is partial. */
  overflow: number;
  /** Lookup cache into `matched` by path entry, then host and method. */
  matchedIndex: WeakMap<PathEntry, Map<string, MatchedObservation>>;
  /** Positions whose name-like values are folded on arrival, per host (see compact-store.ts). */
  collapses: Map<string, CollapseNode>;
  /** Store size at which the next compaction runs; 0 until the first one (then the context decides). */
  nextCompaction: number;
}

/** Below this many undocumented paths the store is left exactly as observed. */
export const COMPACT_FROM = 16_384;

export interface ObserveContext {
  matcher: Matcher;
  /** Host for exchanges that carry none and match no spec that names one (`--host`). */
  defaultHost?: string;
  /** Ceiling on distinct unmatched paths, the only part of memory that traffic (not specs) drives. */
  maxUnmatched?: number;
  /** Store size of the first compaction (default COMPACT_FROM); tests lower it. */
  compactFrom?: number;
  /** Literals that `split` overrides keep apart; compaction must not fold them. */
  keepLiterals?: ReadonlySet<string>;
}

export function createObservationStore(): ObservationStore {
  return { matched: new Map(), unmatched: new Map(), skipped: 0, proxyRefused: 0, overflow: 0, matchedIndex: new WeakMap(), collapses: new Map(), nextCompaction: 0 };
}

/**
 * Adds one exchange. Matched traffic is folded into its operation immediately; the rest is stored by
 * its type-abstracted path (`/users/{int}`), so memory follows endpoints and name-like values only.
 */
export function addExchange(store: ObservationStore, ctx: ObserveContext, ex: Exchange): void {
  // A gateway that logs only the route it resolved (API Gateway's default formats log `resourcePath`, never
  // `$context.path`) still names the endpoint: the route is matched and templated as the path would be.
  const path = ex.path ?? routePath(ex.route);
  // `OPTIONS *` (Apache's internal dummy connections, server-wide preflights) and `PRI *` (an HTTP/2 preface sent to
  // an HTTP/1 port) ask the server, not a resource: asterisk-form names no endpoint, as CONNECT's authority does not.
  // A method that is no token (`GE T`: a damaged h2 block, a hand-written record) names no request either.
  if (!ex.method || !isMethodToken(ex.method) || path === undefined || path === '*') {
    store.skipped++;
    return;
  }
  // Until 6 Dec the 407 was counted as the API's own response: a call on the endpoint (its first tries doubled or
  // tripled the requests), without a credential, a status the spec was said to lack, and an operation only the proxy
  // was asked for was used.
  if (ex.status === 407 || ex.status === 511) {
    store.proxyRefused++;
    return;
  }
  const method = ex.method.toUpperCase();
  // A Host no server would take (` shop.test`, `a b`, `<x>`) names no host: the traffic is placed as if it had none,
  // not on an endpoint of its own beside the real host's, and the server refuses such a host in a batch. Nor does a
  // token an older `extract` (or another tool) recorded as the host (a JWT HAProxy captured): it would be stored.
  const wireHost = ex.host !== undefined && isRecordableHost(ex.host) && !isCredentialHost(ex.host) ? canonicalHost(ex.host) : undefined;
  // Split once: matching, the host guess and the stored key all read the same segments.
  const canonicalPath = canonicalRequestPath(path);
  const pathSegments = requestSegments(canonicalPath);
  let match = matchSegments(ctx.matcher, wireHost, method, pathSegments);
  // Templates agreed per host take only traffic naming their host (matcher.ts hostOnly); `--host` names it for host-less
  // inputs. Any other spec the `--host` match could find, the host-less match above has already found.
  if (match.kind !== 'operation' && wireHost === undefined && ctx.defaultHost) {
    const named = matchSegments(ctx.matcher, canonicalHost(ctx.defaultHost), method, pathSegments);
    if (named.kind === 'operation') match = named;
  }
  if (match.kind === 'operation') {
    const host = match.host ?? wireHost ?? canonicalHost(ctx.defaultHost) ?? '';
    // Per-entry index with a short key: building the long store key for every request costs more than matching.
    let byEntry = store.matchedIndex.get(match.entry);
    if (!byEntry) store.matchedIndex.set(match.entry, (byEntry = new Map()));
    const shortKey = `${host}\n${method}`;
    let obs = byEntry.get(shortKey);
    if (!obs) {
      const key = `${host}\n${method}\n${match.entry.spec.id}\n${match.entry.wireTemplate}`;
      obs = store.matched.get(key);
      if (!obs) {
        obs = { host, method, entry: match.entry, operation: match.operation, evidence: new EvidenceAccumulator() };
        store.matched.set(key, obs);
      }
      byEntry.set(shortKey, obs);
    }
    obs.evidence.add(ex);
    return;
  }
  // A target that is a protocol version names no resource: a request line that lost its target or the space before its
  // version (`OPTIONS HTTP/1.1` as a log writes it, `GET /HTTP/1.1` from zeek's http-methods capture), a scanner's or
  // a broken client's, answered 400 or 403. Until 7 Dec each method was a shadow `/HTTP/{version}`.
  if (VERSION_AS_TARGET.test(canonicalPath)) {
    store.skipped++;
    return;
  }
  // `--host` names the host of inputs that match no spec with a host: only a documented path (a shadow
  // method on it) overrides it; the guess from a path's prefix is for inputs without any host at all.
  const host =
    wireHost ??
    (match.kind === 'path' ? match.host : undefined) ??
    (ctx.defaultHost ? canonicalHost(ctx.defaultHost) : hostForSegments(ctx.matcher, pathSegments)) ??
    '';
  const protectedLiterals = literalsCache(ctx, host);
  // Values are judged decoded; a literal is kept as the template spells it (reserved characters still escaped).
  const wireSegments = canonicalPath.includes('%') ? templateSegments(canonicalPath) : pathSegments;
  // A raw `{name}` or `{proxy+}` in a logged path is a route the gateway logged in its place (API Gateway's CLF
  // format puts `$context.resourcePath` in the request line): named as the same route logged as `route` is.
  let segments = ex.route
    ? routeSegments(ex.route, protectedLiterals)
    : pathSegments.map((_, i) =>
        (ROUTE_SEGMENT.test(wireSegments[i]) ? routeSegments(wireSegments[i])[0] : undefined) ??
        typedSegment(pathSegments, i, protectedLiterals, ex.ts) ??
        wireSegments[i]);
  const rules = store.collapses.get(host);
  if (rules) segments = applyCollapses(rules, segments, protectedFor(ctx, host));
  const key = `${host}\n${method}\n${segments.join('/')}`;
  let obs = store.unmatched.get(key);
  if (!obs) {
    if (store.unmatched.size >= (ctx.maxUnmatched ?? 1_000_000)) {
      store.overflow++;
      return;
    }
    obs = { host, method, segments, evidence: new EvidenceAccumulator() };
    store.unmatched.set(key, obs);
  }
  obs.evidence.add(ex);
  if (store.unmatched.size >= (store.nextCompaction || (ctx.compactFrom ?? COMPACT_FROM))) compact(store, ctx);
}

const ROUTE_SEGMENT = /^\{[A-Za-z_][\w.-]{0,63}\+?\}$/;
/** RFC 9112 §2.3's HTTP-version (`HTTP/1.1`; `HTTP/2` as logs write it), read where the target belongs. */
const VERSION_AS_TARGET = /^\/HTTP\/\d(?:\.\d)?$/;

function routePath(route: string | undefined): string | undefined {
  return route?.startsWith('/') ? route.split(/[?#]/)[0] : undefined;
}

/** Folds name-like positions (see compact-store.ts); runs again only once the store has doubled. */
function compact(store: ObservationStore, ctx: ObserveContext): void {
  store.collapses = findCollapses(store.unmatched.values(), (host) => protectedFor(ctx, host));
  const rekeyed = new Map<string, UnmatchedObservation>();
  for (const obs of store.unmatched.values()) {
    const segments = applyCollapses(store.collapses.get(obs.host), obs.segments, protectedFor(ctx, obs.host));
    const key = `${obs.host}\n${obs.method}\n${segments.join('/')}`;
    const existing = rekeyed.get(key);
    if (existing) existing.evidence.merge(obs.evidence);
    else rekeyed.set(key, segments === obs.segments ? obs : { ...obs, segments });
  }
  store.unmatched = rekeyed;
  store.nextCompaction = Math.max(ctx.compactFrom ?? COMPACT_FROM, 2 * rekeyed.size);
}

/** Literals compaction must never fold: what specs define, the reserved words, and `split` overrides. */
function protectedFor(ctx: ObserveContext, host: string): (s: string) => boolean {
  const literals = literalsCache(ctx, host);
  return (s) => literals.has(s) || RESERVED_LITERALS.has(s) || isApiVersionLiteral(s) || (ctx.keepLiterals?.has(s) ?? false);
}

const literalCaches = new WeakMap<Matcher, Map<string, Set<string>>>();

function literalsCache(ctx: ObserveContext, host: string): Set<string> {
  let byHost = literalCaches.get(ctx.matcher);
  if (!byHost) literalCaches.set(ctx.matcher, (byHost = new Map()));
  let set = byHost.get(host);
  if (!set) byHost.set(host, (set = ctx.matcher.literalsFor(host)));
  return set;
}
