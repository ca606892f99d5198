import { z } from 'zod';
import type { Exchange } from '../exchange';
import { BoundedSet } from './bounded-set';
import { clientNetwork } from './client-network';

/** What one endpoint's traffic showed; the persistent inventory stores exactly this. */
export const endpointEvidenceSchema = z.object({
  requests: z.number().int(),
  firstSeen: z.string().optional(),
  lastSeen: z.string().optional(),
  /** Status code → count (`0` when the source did not see a response). */
  statuses: z.record(z.string(), z.number().int()),
  /** Auth kind (`none`, `bearer-jwt`, `api-key:x-api-key`, …) → count. */
  authKinds: z.record(z.string(), z.number().int()),
  jwtIssuers: z.array(z.string()),
  scopesSeen: z.array(z.string()),
  /** Requests that carried no credential and still got a 2xx. */
  unauthenticated2xx: z.number().int(),
  sensitive: z.array(z.string()),
  /** Query parameter name → requests that sent it. */
  queryParams: z.record(z.string(), z.number().int()),
  deprecationHeaders: z.number().int(),
  sunsetHeaders: z.number().int(),
  clients: z.object({ internal: z.number().int(), public: z.number().int(), unknown: z.number().int() }),
  /** Distinct credential fingerprints seen (capped). */
  callers: z.number().int(),
});
export type EndpointEvidence = z.infer<typeof endpointEvidenceSchema>;

/** Caps keep an endpoint's memory constant however much traffic it gets. */
const MAX_ISSUERS = 32;
const MAX_SCOPES = 256;
const MAX_QUERY_NAMES = 128;
const MAX_CALLERS = 1024;

/** Mutable, bounded accumulator behind `EndpointEvidence`; every field is order-independent. */
export class EvidenceAccumulator {
  requests = 0;
  private firstMs = Infinity;
  private lastMs = -Infinity;
  readonly statuses = new Map<number, number>();
  readonly authKinds = new Map<string, number>();
  readonly issuers = new BoundedSet(MAX_ISSUERS);
  readonly scopes = new BoundedSet(MAX_SCOPES);
  readonly sensitive = new BoundedSet(64);
  readonly queryParams = new Map<string, number>();
  readonly callers = new BoundedSet(MAX_CALLERS);
  unauthenticated2xx = 0;
  deprecationHeaders = 0;
  sunsetHeaders = 0;
  readonly clients = { internal: 0, public: 0, unknown: 0 };

  add(ex: Exchange): void {
    this.requests++;
    const t = parseTimestamp(ex.ts);
    if (t < this.firstMs) this.firstMs = t;
    if (t > this.lastMs) this.lastMs = t;
    const status = ex.status ?? 0;
    bump(this.statuses, status, 1);
    let anonymous = ex.auth !== undefined;
    for (const a of ex.auth ?? []) {
      bump(this.authKinds, a.kind, 1);
      if (a.kind !== 'none') anonymous = false;
      if (a.fingerprint) this.callers.add(a.fingerprint);
      if (a.jwt?.iss) this.issuers.add(a.jwt.iss);
      for (const s of a.jwt?.scopes ?? []) this.scopes.add(s);
    }
    if (anonymous && status >= 200 && status < 300) this.unauthenticated2xx++;
    for (const tag of ex.sensitive ?? []) this.sensitive.add(tag);
    for (const q of ex.query ?? []) {
      if (this.queryParams.has(q) || this.queryParams.size < MAX_QUERY_NAMES) bump(this.queryParams, q, 1);
    }
    if (ex.deprecation) this.deprecationHeaders++;
    if (ex.sunset) this.sunsetHeaders++;
    this.clients[clientNetwork(ex.src)]++;
  }

  merge(other: EvidenceAccumulator): void {
    this.requests += other.requests;
    this.firstMs = Math.min(this.firstMs, other.firstMs);
    this.lastMs = Math.max(this.lastMs, other.lastMs);
    for (const [k, v] of other.statuses) bump(this.statuses, k, v);
    for (const [k, v] of other.authKinds) bump(this.authKinds, k, v);
    this.issuers.addAll(other.issuers);
    this.scopes.addAll(other.scopes);
    this.sensitive.addAll(other.sensitive);
    this.callers.addAll(other.callers);
    for (const [k, v] of other.queryParams) {
      if (this.queryParams.has(k) || this.queryParams.size < MAX_QUERY_NAMES) bump(this.queryParams, k, v);
    }
    this.unauthenticated2xx += other.unauthenticated2xx;
    this.deprecationHeaders += other.deprecationHeaders;
    this.sunsetHeaders += other.sunsetHeaders;
    this.clients.internal += other.clients.internal;
    this.clients.public += other.clients.public;
    this.clients.unknown += other.clients.unknown;
  }

  snapshot(): EndpointEvidence {
    return {
      requests: this.requests,
      ...(Number.isFinite(this.firstMs) ? { firstSeen: new Date(this.firstMs).toISOString() } : {}),
      ...(Number.isFinite(this.lastMs) ? { lastSeen: new Date(this.lastMs).toISOString() } : {}),
      statuses: sortedRecord(this.statuses),
      authKinds: sortedRecord(this.authKinds),
      jwtIssuers: this.issuers.toArray(),
      scopesSeen: this.scopes.toArray(),
      unauthenticated2xx: this.unauthenticated2xx,
      sensitive: this.sensitive.toArray(),
      queryParams: sortedRecord(this.queryParams),
      deprecationHeaders: this.deprecationHeaders,
      sunsetHeaders: this.sunsetHeaders,
      clients: { ...this.clients },
      callers: this.callers.size,
    };
  }
}

let lastTs = '';
let lastMs = NaN;
/** Consecutive exchanges mostly share a timestamp (log lines within one second); parse each once. */
function parseTimestamp(ts: string): number {
  if (ts !== lastTs) {
    lastTs = ts;
    lastMs = Date.parse(ts);
  }
  return lastMs;
}

function bump<K>(map: Map<K, number>, key: K, by: number): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function sortedRecord(map: Map<string | number, number>): Record<string, number> {
  const entries = [...map].map(([k, v]) => [String(k), v] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return Object.fromEntries(entries);
}
