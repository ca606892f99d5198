import type { EndpointObservation } from './observation';

/**
 * Pure merging of an observation into what an endpoint row already holds. Every count is additive and every set is
 * a bounded union, so applying observations in any order, from any number of collectors, gives the same totals.
 */
export type CountMap = Record<string, number>;

export interface StoredEvidence {
  jwtIssuers: string[];
  scopesSeen: string[];
  queryParams: CountMap;
  clients: CountMap;
  callers: number;
  unauthenticated2xx: number;
  deprecationHeaders: number;
  sunsetHeaders: number;
  /** Transport → requests, for the cleartext-vs-TLS posture rule. */
  transports: CountMap;
  /** Credential fingerprints of callers (bounded): lets an owner find who still calls. */
  callerFingerprints: string[];
}

export const EMPTY_EVIDENCE: StoredEvidence = {
  jwtIssuers: [],
  scopesSeen: [],
  queryParams: {},
  clients: {},
  callers: 0,
  unauthenticated2xx: 0,
  deprecationHeaders: 0,
  sunsetHeaders: 0,
  transports: {},
  callerFingerprints: [],
};

export function addCounts(a: CountMap, b: CountMap): CountMap {
  const out: CountMap = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}

export function unionCapped(a: readonly string[], b: readonly string[], cap: number): string[] {
  const set = new Set(a);
  for (const x of b) {
    if (set.size >= cap) break;
    set.add(x);
  }
  return [...set].sort();
}

/** The one rule for combining stored evidence: counts add, sets are bounded unions. Ingest and folds both use it. */
export function combineStoredEvidence(a: Partial<StoredEvidence>, b: Partial<StoredEvidence>): StoredEvidence {
  const x = { ...EMPTY_EVIDENCE, ...a };
  const y = { ...EMPTY_EVIDENCE, ...b };
  return {
    jwtIssuers: unionCapped(x.jwtIssuers, y.jwtIssuers, 32),
    scopesSeen: unionCapped(x.scopesSeen, y.scopesSeen, 256),
    queryParams: addCounts(x.queryParams, y.queryParams),
    clients: addCounts(x.clients, y.clients),
    // Distinct callers cannot be summed without the fingerprints (they may overlap); the larger count is a lower bound.
    callers: Math.max(x.callers, y.callers),
    unauthenticated2xx: x.unauthenticated2xx + y.unauthenticated2xx,
    deprecationHeaders: x.deprecationHeaders + y.deprecationHeaders,
    sunsetHeaders: x.sunsetHeaders + y.sunsetHeaders,
    transports: addCounts(x.transports, y.transports),
    callerFingerprints: unionCapped(x.callerFingerprints, y.callerFingerprints, 50),
  };
}

export function mergeStoredEvidence(stored: Partial<StoredEvidence>, obs: EndpointObservation): StoredEvidence {
  const e = obs.evidence;
  return combineStoredEvidence(stored, {
    jwtIssuers: e.jwtIssuers,
    scopesSeen: e.scopesSeen,
    queryParams: e.queryParams,
    clients: e.clients,
    callers: e.callers,
    unauthenticated2xx: e.unauthenticated2xx,
    deprecationHeaders: e.deprecationHeaders,
    sunsetHeaders: e.sunsetHeaders,
    transports: e.transports ?? {},
    callerFingerprints: e.callerFingerprints ?? [],
  });
}

/** Errors are 5xx responses and transport failures (status 0 means no response was seen: not an error). */
export function isErrorStatus(status: string): boolean {
  return /^5\d\d$/.test(status);
}
