import { mergeLatency } from '../discovery/latency-summary';
import { addCounts, type CountMap } from './count-map';
import type { EndpointObservation } from './observation';

export { addCounts, type CountMap };

/**
 * Pure merging of an observation into what an endpoint row already holds. Every count is additive and every set is
 * a bounded union, so applying observations in any order, from any number of collectors, gives the same totals.
 */
export interface StoredEvidence {
  jwtIssuers: string[];
  /** Absent on rows and observations from before 6 Dec. */
  jwtAudiences?: string[];
  scopesSeen: string[];
  /** Each accepted token's scopes (lib/discovery/evidence.ts); absent on rows and observations from before 6 Dec. */
  scopeSets?: string[];
  queryParams: CountMap;
  clients: CountMap;
  callers: number;
  unauthenticated2xx: number;
  /** 2xx with an expired or unsigned JWT (lib/discovery/evidence.ts); absent when none. */
  jwtNotEnforced2xx?: number;
  deprecationHeaders: number;
  sunsetHeaders: number;
  /** Transport → requests, for the cleartext-vs-TLS posture rule. */
  transports: CountMap;
  /** URL scheme → requests that proved it (lib/discovery/observed-scheme.ts): the shadow export's servers. */
  schemes: CountMap;
  /** Credential fingerprints of callers (bounded): lets an owner find who still calls. */
  callerFingerprints: string[];
  /** Sensitive tags seen in a request's path (lib/discovery/path-sensitive.ts); absent when none and before 6 Dec. */
  sensitiveInPath?: string[];
  /** Sensitive tags a body showed (lib/discovery/evidence.ts); absent when none and before 7 Dec. */
  sensitiveInBody?: string[];
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
  schemes: {},
  callerFingerprints: [],
};

/**
 * The smallest `cap` values of the union, as collectors choose theirs: the same whichever side came first. Until
 * 6 Dec a full set refused every newcomer, so what two collectors' batches left (example paths, issuers, callers)
 * depended on which arrived first.
 */
export function unionCapped(a: readonly string[], b: readonly string[], cap: number): string[] {
  return [...new Set([...a, ...b])].sort().slice(0, cap);
}

/** The one rule for combining stored evidence: counts add, sets are bounded unions. Ingest and folds both use it. */
export function combineStoredEvidence(a: Partial<StoredEvidence>, b: Partial<StoredEvidence>): StoredEvidence {
  const x = { ...EMPTY_EVIDENCE, ...a };
  const y = { ...EMPTY_EVIDENCE, ...b };
  return {
    jwtIssuers: unionCapped(x.jwtIssuers, y.jwtIssuers, 32),
    ...(x.jwtAudiences || y.jwtAudiences ? { jwtAudiences: unionCapped(x.jwtAudiences ?? [], y.jwtAudiences ?? [], 32) } : {}),
    scopesSeen: unionCapped(x.scopesSeen, y.scopesSeen, 256),
    ...(x.scopeSets || y.scopeSets ? { scopeSets: unionCapped(x.scopeSets ?? [], y.scopeSets ?? [], 16) } : {}),
    queryParams: addCounts(x.queryParams, y.queryParams),
    clients: addCounts(x.clients, y.clients),
    // Distinct callers cannot be summed (they may overlap). Each side's count, and every fingerprint either side
    // listed (each a distinct caller), are lower bounds; the union is exact while the lists are whole (up to 20 callers
    // an observation). Until 6 Dec only the larger count was kept: two batches of three callers each stored 3 beside
    // six fingerprints.
    callers: Math.max(x.callers, y.callers, new Set([...x.callerFingerprints, ...y.callerFingerprints]).size),
    unauthenticated2xx: x.unauthenticated2xx + y.unauthenticated2xx,
    ...(x.jwtNotEnforced2xx || y.jwtNotEnforced2xx ? { jwtNotEnforced2xx: (x.jwtNotEnforced2xx ?? 0) + (y.jwtNotEnforced2xx ?? 0) } : {}),
    deprecationHeaders: x.deprecationHeaders + y.deprecationHeaders,
    sunsetHeaders: x.sunsetHeaders + y.sunsetHeaders,
    transports: addCounts(x.transports, y.transports),
    schemes: addCounts(x.schemes, y.schemes),
    callerFingerprints: unionCapped(x.callerFingerprints, y.callerFingerprints, 50),
    ...(x.sensitiveInPath || y.sensitiveInPath ? { sensitiveInPath: unionCapped(x.sensitiveInPath ?? [], y.sensitiveInPath ?? [], 64) } : {}),
    ...(x.sensitiveInBody || y.sensitiveInBody ? { sensitiveInBody: unionCapped(x.sensitiveInBody ?? [], y.sensitiveInBody ?? [], 64) } : {}),
  };
}

export function mergeStoredEvidence(stored: Partial<StoredEvidence>, obs: EndpointObservation): StoredEvidence {
  return combineStoredEvidence(stored, storedPart(obs.evidence));
}

function storedPart(e: EndpointObservation['evidence']): StoredEvidence {
  return {
    jwtIssuers: e.jwtIssuers,
    ...(e.jwtAudiences ? { jwtAudiences: e.jwtAudiences } : {}),
    scopesSeen: e.scopesSeen,
    ...(e.scopeSets ? { scopeSets: e.scopeSets } : {}),
    queryParams: e.queryParams,
    clients: e.clients,
    callers: e.callers,
    unauthenticated2xx: e.unauthenticated2xx,
    ...(e.jwtNotEnforced2xx ? { jwtNotEnforced2xx: e.jwtNotEnforced2xx } : {}),
    deprecationHeaders: e.deprecationHeaders,
    sunsetHeaders: e.sunsetHeaders,
    transports: e.transports ?? {},
    schemes: e.schemes ?? {},
    callerFingerprints: e.callerFingerprints ?? [],
    ...(e.sensitiveInPath ? { sensitiveInPath: e.sensitiveInPath } : {}),
    ...(e.sensitiveInBody ? { sensitiveInBody: e.sensitiveInBody } : {}),
  };
}

/** Errors are 5xx responses and transport failures (status 0 means no response was seen: not an error). */
export function isErrorStatus(status: string): boolean {
  return /^5\d\d$/.test(status);
}

/**
 * Two observations of one endpoint as one, by the rules a stored row follows: counts add, sets are bounded unions
 * (a batch naming an endpoint twice, chunks relabelled to one template). Until 4 Dec (sixth session) only counts,
 * statuses, auth kinds and sensitive tags were combined and the second one's issuers, scopes, query names,
 * clients, transports and callers were dropped.
 */
export function foldObservations(a: EndpointObservation, b: EndpointObservation): EndpointObservation {
  const x = a.evidence;
  const y = b.evidence;
  const stored = combineStoredEvidence(storedPart(x), storedPart(y));
  const daily = { ...a.daily };
  for (const [d, c] of Object.entries(b.daily)) {
    const z = Object.hasOwn(daily, d) ? daily[d] : { requests: 0, errors: 0, unauthenticated: 0 };
    daily[d] = { requests: z.requests + c.requests, errors: z.errors + c.errors, unauthenticated: z.unauthenticated + c.unauthenticated };
  }
  const evidence: EndpointObservation['evidence'] = {
    ...x,
    ...stored,
    clients: { internal: stored.clients.internal ?? 0, public: stored.clients.public ?? 0, unknown: stored.clients.unknown ?? 0 },
    requests: x.requests + y.requests,
    statuses: addCounts(x.statuses, y.statuses),
    authKinds: addCounts(x.authKinds, y.authKinds),
    sensitive: unionCapped(x.sensitive, y.sensitive, 64),
  };
  // By time, not text: a batch may spell them with an offset or without milliseconds (`06:00+02:00` is before `05:00Z`).
  const byTime = (a: string, b: string) => Date.parse(a) - Date.parse(b);
  const first = [x.firstSeen, y.firstSeen].filter((t): t is string => t !== undefined).sort(byTime);
  if (first.length > 0) evidence.firstSeen = first[0];
  const last = [x.lastSeen, y.lastSeen].filter((t): t is string => t !== undefined).sort(byTime);
  if (last.length > 0) evidence.lastSeen = last[last.length - 1];
  if (x.daily || y.daily) evidence.daily = daily;
  if (x.examplePaths || y.examplePaths) evidence.examplePaths = unionCapped(x.examplePaths ?? [], y.examplePaths ?? [], 5);
  const latency = mergeLatency(x.latency, y.latency);
  if (latency) evidence.latency = latency;
  return { ...a, evidence, daily, examplePaths: unionCapped(a.examplePaths, b.examplePaths, 5) };
}
