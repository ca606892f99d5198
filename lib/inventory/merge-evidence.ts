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

export function mergeStoredEvidence(stored: Partial<StoredEvidence>, obs: EndpointObservation): StoredEvidence {
  const s = { ...EMPTY_EVIDENCE, ...stored };
  const e = obs.evidence;
  return {
    jwtIssuers: unionCapped(s.jwtIssuers, e.jwtIssuers, 32),
    scopesSeen: unionCapped(s.scopesSeen, e.scopesSeen, 256),
    queryParams: addCounts(s.queryParams, e.queryParams),
    clients: addCounts(s.clients, e.clients),
    // Distinct callers cannot be summed across batches without the fingerprints; keep the largest count seen.
    callers: Math.max(s.callers, e.callers),
    unauthenticated2xx: s.unauthenticated2xx + e.unauthenticated2xx,
    deprecationHeaders: s.deprecationHeaders + e.deprecationHeaders,
    sunsetHeaders: s.sunsetHeaders + e.sunsetHeaders,
    transports: addCounts(s.transports, e.transports ?? {}),
    callerFingerprints: unionCapped(s.callerFingerprints, e.callerFingerprints ?? [], 50),
  };
}

/** Errors are 5xx responses and transport failures (status 0 means no response was seen: not an error). */
export function isErrorStatus(status: string): boolean {
  return /^5\d\d$/.test(status);
}
