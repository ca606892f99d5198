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
    scopesRequired: string[];
    specVersion: string;
    /** The team owning the operation's API: who may request its deprecation (not the endpoint's, which a rule may set). */
    apiOwnerTeamId: string | null;
  } | null;
  alerts: { id: string; kind: string; summary: string; createdAt: string }[];
  daily: { day: string; requests: number; errors: number; unauthenticated: number }[];
}
