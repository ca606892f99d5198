import type { Exchange } from '../exchange';
import { hostForPath, matchOperation, type Matcher } from '../openapi/matcher';
import { canonicalRequestPath, requestSegments } from '../openapi/request-path';
import { canonicalHost } from '../openapi/servers';
import type { SpecOperation } from '../openapi/spec-model';
import type { PathEntry } from '../openapi/spec-trie';
import { EvidenceAccumulator } from './evidence';
import { abstractSegment, routeSegments } from './typed-segment';

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
  /** Exchanges without a method or path (TLS-only flows, broken log lines): nothing to place. */
  skipped: number;
  /** Unmatched keys refused once `maxUnmatched` was reached; non-zero means the result is partial. */
  overflow: number;
  /** Lookup cache into `matched` by path entry, then host and method. */
  matchedIndex: WeakMap<PathEntry, Map<string, MatchedObservation>>;
}

export interface ObserveContext {
  matcher: Matcher;
  /** Host for exchanges that carry none and match no spec that names one (`--host`). */
  defaultHost?: string;
  /** Ceiling on distinct unmatched paths, the only part of memory that traffic (not specs) drives. */
  maxUnmatched?: number;
}

export function createObservationStore(): ObservationStore {
  return { matched: new Map(), unmatched: new Map(), skipped: 0, overflow: 0, matchedIndex: new WeakMap() };
}

/**
 * Adds one exchange. Matched traffic is folded into its operation immediately; the rest is stored by
 * its type-abstracted path (`/users/{int}`), so memory follows endpoints and name-like values only.
 */
export function addExchange(store: ObservationStore, ctx: ObserveContext, ex: Exchange): void {
  if (!ex.method || ex.path === undefined) {
    store.skipped++;
    return;
  }
  const method = ex.method.toUpperCase();
  const wireHost = canonicalHost(ex.host);
  const match = matchOperation(ctx.matcher, wireHost, method, ex.path);
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
  const host =
    wireHost ?? (match.kind === 'path' ? match.host : undefined) ?? hostForPath(ctx.matcher, ex.path) ?? canonicalHost(ctx.defaultHost) ?? '';
  const protectedLiterals = literalsCache(ctx, host);
  const segments = ex.route
    ? routeSegments(ex.route)
    : requestSegments(canonicalRequestPath(ex.path)).map((s) => abstractSegment(s, protectedLiterals));
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
}

const literalCaches = new WeakMap<Matcher, Map<string, Set<string>>>();

function literalsCache(ctx: ObserveContext, host: string): Set<string> {
  let byHost = literalCaches.get(ctx.matcher);
  if (!byHost) literalCaches.set(ctx.matcher, (byHost = new Map()));
  let set = byHost.get(host);
  if (!set) byHost.set(host, (set = ctx.matcher.literalsFor(host)));
  return set;
}
