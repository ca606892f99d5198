import type { LatencyFigures } from '../discovery/latency-summary';

/** What the endpoint page shows; lib/db/endpoint-detail.ts builds it from the database. */
export interface EndpointDetail {
  id: string;
  host: string;
  method: string;
  pathTemplate: string;
  state: string;
  triage: string;
  triageNote: string | null;
  ignored: boolean;
  /** The ignore override hiding it, and how many endpoints it hides in all (removing it shows them all again). */
  ignoredBy: { id: string; host: string; method: string; pattern: string; hiddenEndpoints: number } | null;
  requestCount: number;
  firstSeen: string;
  lastSeen: string;
  statusCounts: Record<string, number>;
  /** In ms, percentiles estimated (lib/discovery/latency-summary.ts); null when no source timed its requests. */
  latency: LatencyFigures | null;
  authCounts: Record<string, number>;
  sensitiveTags: string[];
  examplePaths: string[];
  findings: { kind?: string; message?: string }[];
  jwtIssuers: string[];
  jwtAudiences: string[];
  scopesSeen: string[];
  queryParams: Record<string, number>;
  clients: Record<string, number>;
  distinctCredentials: number;
  callerFingerprints: string[];
  unauthenticated2xx: number;
  api: { slug: string; name: string; lifecycle: string } | null;
  /** The path as the API's spec would spell it, relative to its server's base path: what the adopt snippet keys. */
  adoptPath: string;
  ownerTeam: { id: string; slug: string; name: string } | null;
  operation: {
    id: string;
    method: string;
    path: string;
    operationId: string | null;
    summary: string | null;
    deprecated: boolean;
    sunsetAt: string | null;
    /** The sunset is behind us; the endpoint is a zombie only if it was called after it (`state`). */
    sunsetPassed: boolean;
    /** A call came at or after the sunset. */
    calledAfterSunset: boolean;
    /** Every scope any security requirement asks for. */
    scopesRequired: string[];
    /** What each requirement asks for (any one of them will do: lib/inventory/scope-alternatives.ts). */
    scopeAlternatives: string[][];
    specVersion: string;
    /** The team owning the operation's API: who may request its deprecation (not the endpoint's, which a rule may set). */
    apiOwnerTeamId: string | null;
    /** The whole API's retirement and sunset (its spec's `info`), which make a zombie as the operation's own do. */
    apiLifecycle: ApiLifecycle;
    /** A deprecation request awaiting governance (one per operation, in any version of its spec). */
    pendingDeprecation: { proposedSunset: string | null } | null;
  } | null;
  /**
   * A CORS preflight to a documented path has no operation of its own (lib/openapi/implied-operations.ts): its API's
   * end, which makes it a zombie (endpoint-classification.ts preflightZombie). Null for any other endpoint.
   */
  preflight: { apiLifecycle: ApiLifecycle } | null;
  /**
   * A zombie without an operation by the approved deprecation filed from it, whose operation a later spec version
   * dropped (approved-deprecations.ts): the operation as it was, and the approved sunset. Null for any other endpoint.
   */
  removedDeprecated: { method: string; path: string; sunsetAt: string | null; sunsetPassed: boolean; calledAfterSunset: boolean } | null;
  alerts: { id: string; kind: string; summary: string; createdAt: string }[];
  daily: { day: string; requests: number; errors: number; unauthenticated: number }[];
}

/** What the whole API says of its end, as endpoint classification reads it (lib/db/endpoint-classification.ts isZombie). */
export interface ApiLifecycle {
  /** `info.x-lifecycle: retired` (or another lifecycle key), or the API's lifecycle set to retired. */
  retired: boolean;
  /** `info.x-status: deprecated` (or another lifecycle key): every operation of the spec is deprecated with it. */
  deprecated: boolean;
  /** `info.x-sunset` (or another sunset key), `YYYY-MM-DD`. */
  sunsetAt: string | null;
  sunsetPassed: boolean;
  /** A call came at or after the sunset: what makes the endpoint a zombie. */
  calledAfterSunset: boolean;
}
