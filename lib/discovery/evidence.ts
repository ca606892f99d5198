import { z } from 'zod';
import { ownKeysRecord } from '../own-keys-record';
import type { Exchange } from '../exchange';
import { isProxyAuthKind } from '../exchange/auth-evidence';
import { AUTH_KIND_PATTERN, FINGERPRINT_PATTERN } from '../exchange/exchange';
import { redactPathSecrets } from '../security/redact-path';
import { isStorableTime } from '../storable-dates';
import { BoundedSet } from './bounded-set';
import { clientNetwork } from './client-network';
import { LatencyAccumulator, latencySummarySchema } from './latency-summary';
import { observedScheme } from './observed-scheme';
import { pathSensitiveTags } from './path-sensitive';

/** Counts are added into stored totals: a negative one would subtract traffic someone else reported. */
const count = z.number().int().nonnegative();
/**
 * Stored as a date column: anything `new Date()` cannot read exactly is refused here, not at the database; so is a
 * time before year 1 in UTC, which PostgreSQL refuses ('date/time field value out of range') where SQLite stores it.
 */
const timestamp = z.iso.datetime({ offset: true })
  // NaN (not a datetime at all) is left to the format check above, so the field gets one issue.
  .refine((s) => Number.isNaN(Date.parse(s)) || isStorableTime(Date.parse(s)), 'must be in year 1 or later (UTC)');

/**
 * A status as collectors key it: the record's status (an integer 0–999, `0` for no response) written in decimal.
 * Anything else (`abc`, `1000`, `0200`) is a broken or forged batch, stored as a status no server sent.
 */
const statusCode = z.string().regex(/^(?:0|[1-9]\d{0,2})$/, 'must be an HTTP status code (0–999)');

/**
 * The longest text collectors keep of what a token or a request says (lib/exchange/exchange.ts jwtClaimsSchema,
 * query-names.ts, MAX_SCOPE_SET_LENGTH below): a longer one is a forged batch. Until 6 Dec any length was stored,
 * megabytes an endpoint row, read with every inventory page.
 */
const text = (max: number) => z.string().max(max);

/** What one endpoint's traffic showed; the persistent inventory stores exactly this. */
export const endpointEvidenceSchema = z.object({
  requests: count,
  firstSeen: timestamp.optional(),
  lastSeen: timestamp.optional(),
  /** Status code → count (`0` when the source did not see a response). */
  statuses: ownKeysRecord(statusCode, count),
  /**
   * Auth kind (`none`, `bearer-jwt`, `api-key:x-api-key`, …) → count. Only what collectors make of a credential
   * (lib/exchange/auth-evidence.ts): until 6 Dec any string was stored, a kind of `Bearer <token>` included.
   */
  authKinds: ownKeysRecord(z.string().regex(AUTH_KIND_PATTERN, 'must be an auth kind (none, bearer-jwt, bearer-opaque, basic, api-key:<name>, cookie:<names>, proxy:<scheme>)'), count),
  jwtIssuers: z.array(text(512)),
  /**
   * JWT audiences (`aud`) seen, capped like issuers: which services the tokens were minted for, so a token for another
   * API being accepted here shows. Absent in what collectors before 6 Dec sent.
   */
  jwtAudiences: z.array(text(512)).optional(),
  scopesSeen: z.array(text(256)),
  /**
   * Each token's own scopes (sorted, space-separated; up to 16 sets, the smallest), for the JWTs on requests that got
   * a 2xx: the missing-scopes check judges a token by its own scopes, not by the union of everyone's (which let a
   * `read` token and a `write` token together pass for one holding both). Present whenever scopes were seen; absent
   * in what collectors before 6 Dec sent and rows they stored, which the check reads by the union as before.
   */
  scopeSets: z.array(text(2048)).optional(),
  /** Requests that carried no credential and still got a 2xx. */
  unauthenticated2xx: count,
  /**
   * Requests that got a 2xx with a JWT no verifier accepts: expired (past `exp` by more than five minutes of clock
   * skew at the request's time) or unsigned (`alg: none`). The API did not check the token. Absent when none.
   */
  jwtNotEnforced2xx: count.optional(),
  sensitive: z.array(text(64)),
  /**
   * The tags of `sensitive` seen in a request's path (./path-sensitive.ts), which the API may never return: alerts say
   * where the data was seen. Absent when none, and in what collectors before 6 Dec sent.
   */
  sensitiveInPath: z.array(text(64)).optional(),
  /**
   * The tags of `sensitive` a body showed (the collector's, `Exchange.sensitive`): with `sensitiveInPath`, a tag seen in
   * both is said to be returned as well as carried. Absent when none, and in what collectors before 7 Dec sent.
   */
  sensitiveInBody: z.array(text(64)).optional(),
  /** Query parameter name → requests that sent it. */
  queryParams: ownKeysRecord(text(256), count),
  deprecationHeaders: count,
  sunsetHeaders: count,
  clients: z.object({ internal: count, public: count, unknown: count }),
  /** Distinct credential fingerprints seen (capped). */
  callers: count,
  /** UTC day → requests, 5xx errors and requests without credentials: the inventory's traffic history. */
  daily: ownKeysRecord(z.string(), z.object({ requests: count, errors: count, unauthenticated: count })).optional(),
  /**
   * Up to five concrete request paths (the lexicographically smallest, so the choice is order-independent), with
   * credentials and personal data in a segment already `{redacted}` (lib/security/redact-path.ts).
   */
  examplePaths: z.array(z.string()).optional(),
  /** Transport → requests (`http/1.1`, `h2c`, `h2`, `tls`…): cleartext vs TLS posture. */
  transports: ownKeysRecord(z.string(), count).optional(),
  /** URL scheme (`http`, `https`) → requests whose record proves it (./observed-scheme.ts): the export's servers. */
  schemes: ownKeysRecord(z.string(), count).optional(),
  /** Up to 20 credential fingerprints (the smallest, so order-independent): who calls, never with what. */
  callerFingerprints: z.array(z.string().regex(FINGERPRINT_PATTERN, 'must be a credential fingerprint (16 hex digits)')).optional(),
  /**
   * The latencies the source recorded (./latency-summary.ts), absent when it recorded none; collectors before 6 Dec
   * never sent it.
   */
  latency: latencySummarySchema.optional(),
});
export type EndpointEvidence = z.infer<typeof endpointEvidenceSchema>;

/** Caps keep an endpoint's memory constant however much traffic it gets. */
const MAX_ISSUERS = 32;
const MAX_AUDIENCES = 32;
const MAX_SCOPES = 256;
const MAX_SCOPE_SETS = 16;
/** Clock skew between the token's issuer and the source's clock that an expired `exp` is forgiven (RFC 7519 §4.1.4). */
const EXP_SKEW_MS = 5 * 60_000;
/** A token whose scopes spell longer than this is not judged (no finding) rather than stored at any size. */
const MAX_SCOPE_SET_LENGTH = 2048;
const MAX_QUERY_NAMES = 128;
const MAX_CALLERS = 1024;
const MAX_EXAMPLE_LENGTH = 2048;
/** A character that sorts at or after the `{` of `{redacted}` (UTF-16 code units, as string comparison uses). */
const SORTS_AFTER_BRACE = /[{-\uffff]/;

/**
 * Mutable, bounded accumulator behind `EndpointEvidence`; every field is order-independent. Sets and
 * maps are created on first use: most undocumented paths see one or two requests, and at ~1.4 KB
 * each for eager allocation that was most of the store's memory.
 */
export class EvidenceAccumulator {
  requests = 0;
  private firstMs = Infinity;
  private lastMs = -Infinity;
  readonly statuses = new Map<number, number>();
  authKinds?: Map<string, number>;
  issuers?: BoundedSet;
  audiences?: BoundedSet;
  scopes?: BoundedSet;
  scopeSets?: BoundedSet;
  sensitive?: BoundedSet;
  sensitiveInPath?: BoundedSet;
  sensitiveInBody?: BoundedSet;
  queryParams?: Map<string, number>;
  callers?: BoundedSet;
  unauthenticated2xx = 0;
  jwtNotEnforced2xx = 0;
  deprecationHeaders = 0;
  sunsetHeaders = 0;
  internal = 0;
  public = 0;
  unknown = 0;
  /** UTC day → [requests, errors, unauthenticated]. */
  days?: Map<string, [number, number, number]>;
  transports?: Map<string, number>;
  schemes?: Map<string, number>;
  private examples?: string[];
  latency?: LatencyAccumulator;

  add(ex: Exchange): void {
    this.requests++;
    const t = parseTimestamp(ex.ts);
    if (t < this.firstMs) this.firstMs = t;
    if (t > this.lastMs) this.lastMs = t;
    const status = ex.status ?? 0;
    bump(this.statuses, status, 1);
    let anonymous = ex.auth !== undefined;
    let unverified = false;
    let namedNone = false;
    for (const a of ex.auth ?? []) {
      if (a.jwt && (a.jwt.alg?.toLowerCase() === 'none' || a.jwt.unsigned || (a.jwt.exp !== undefined && a.jwt.exp * 1000 < t - EXP_SKEW_MS))) unverified = true;
      bump((this.authKinds ??= new Map()), a.kind, 1);
      // A forward proxy's credential is no credential of the API's (auth-evidence.ts proxyAuthorizationEvidence).
      if (a.kind === 'none') namedNone = true;
      else if (!isProxyAuthKind(a.kind)) anonymous = false;
      if (a.fingerprint) (this.callers ??= new BoundedSet(MAX_CALLERS)).add(a.fingerprint);
      if (a.jwt?.iss) (this.issuers ??= new BoundedSet(MAX_ISSUERS)).add(a.jwt.iss);
      for (const aud of a.jwt?.aud ?? []) (this.audiences ??= new BoundedSet(MAX_AUDIENCES)).add(aud);
      for (const sc of a.jwt?.scopes ?? []) (this.scopes ??= new BoundedSet(MAX_SCOPES)).add(sc);
      if (a.jwt?.scopes && status >= 200 && status < 300) {
        const set = scopeSetKey(a.jwt.scopes);
        if (set.length <= MAX_SCOPE_SET_LENGTH) (this.scopeSets ??= new BoundedSet(MAX_SCOPE_SETS)).add(set);
      }
    }
    // A log that records only the credential headers it saw leaves `none` out; beside a proxy's alone it is meant.
    if (anonymous && !namedNone && ex.auth!.length > 0) bump((this.authKinds ??= new Map()), 'none', 1);
    if (anonymous && status >= 200 && status < 300) this.unauthenticated2xx++;
    if (unverified && status >= 200 && status < 300) this.jwtNotEnforced2xx++;
    if (Number.isFinite(t)) addDay((this.days ??= new Map()), lastDay, 1, status >= 500 ? 1 : 0, anonymous ? 1 : 0);
    if (ex.transport) bump((this.transports ??= new Map()), ex.transport, 1);
    const scheme = observedScheme(ex);
    if (scheme) bump((this.schemes ??= new Map()), scheme, 1);
    if (ex.path !== undefined) {
      this.addExample(ex.path);
      const inPath = pathSensitiveTags(ex.path);
      if (inPath) {
        for (const tag of inPath) {
          (this.sensitive ??= new BoundedSet(64)).add(tag);
          (this.sensitiveInPath ??= new BoundedSet(64)).add(tag);
        }
      }
    }
    if (ex.sensitive) {
      for (const tag of ex.sensitive) {
        (this.sensitive ??= new BoundedSet(64)).add(tag);
        (this.sensitiveInBody ??= new BoundedSet(64)).add(tag);
      }
    }
    if (ex.query && ex.query.length > 0) {
      const q = (this.queryParams ??= new Map());
      for (const name of ex.query) if (q.has(name) || q.size < MAX_QUERY_NAMES) bump(q, name, 1);
    }
    if (ex.deprecation) this.deprecationHeaders++;
    if (ex.sunset) this.sunsetHeaders++;
    if (ex.latencyMs !== undefined) (this.latency ??= new LatencyAccumulator()).add(ex.latencyMs);
    this[clientNetwork(ex.src)]++;
  }

  merge(other: EvidenceAccumulator): void {
    this.requests += other.requests;
    this.firstMs = Math.min(this.firstMs, other.firstMs);
    this.lastMs = Math.max(this.lastMs, other.lastMs);
    for (const [k, v] of other.statuses) bump(this.statuses, k, v);
    if (other.authKinds) for (const [k, v] of other.authKinds) bump((this.authKinds ??= new Map()), k, v);
    if (other.issuers) (this.issuers ??= new BoundedSet(MAX_ISSUERS)).addAll(other.issuers);
    if (other.audiences) (this.audiences ??= new BoundedSet(MAX_AUDIENCES)).addAll(other.audiences);
    if (other.scopes) (this.scopes ??= new BoundedSet(MAX_SCOPES)).addAll(other.scopes);
    if (other.scopeSets) (this.scopeSets ??= new BoundedSet(MAX_SCOPE_SETS)).addAll(other.scopeSets);
    if (other.sensitive) (this.sensitive ??= new BoundedSet(64)).addAll(other.sensitive);
    if (other.sensitiveInPath) (this.sensitiveInPath ??= new BoundedSet(64)).addAll(other.sensitiveInPath);
    if (other.sensitiveInBody) (this.sensitiveInBody ??= new BoundedSet(64)).addAll(other.sensitiveInBody);
    if (other.callers) (this.callers ??= new BoundedSet(MAX_CALLERS)).addAll(other.callers);
    if (other.queryParams) {
      const q = (this.queryParams ??= new Map());
      for (const [k, v] of other.queryParams) if (q.has(k) || q.size < MAX_QUERY_NAMES) bump(q, k, v);
    }
    this.unauthenticated2xx += other.unauthenticated2xx;
    this.jwtNotEnforced2xx += other.jwtNotEnforced2xx;
    this.deprecationHeaders += other.deprecationHeaders;
    this.sunsetHeaders += other.sunsetHeaders;
    this.internal += other.internal;
    this.public += other.public;
    this.unknown += other.unknown;
    if (other.days) for (const [day, [r, e, u]] of other.days) addDay((this.days ??= new Map()), day, r, e, u);
    if (other.transports) for (const [k, v] of other.transports) bump((this.transports ??= new Map()), k, v);
    if (other.schemes) for (const [k, v] of other.schemes) bump((this.schemes ??= new Map()), k, v);
    if (other.examples) this.addExamples(other.examples);
    if (other.latency) (this.latency ??= new LatencyAccumulator()).merge(other.latency);
  }

  /**
   * Examples are redacted here, where they are collected, so no output, spool or store downstream can forget to.
   * Redacting every request cost discovery a third of its throughput, so the hot path skips it where the result
   * is known: a path already listed is its own redaction (redaction is idempotent), and redaction only turns a
   * segment into `{redacted}`, whose `{` sorts after any character below it, so a path at or above a full list's
   * bound with no such character stays at or above it once redacted.
   */
  private addExample(path: string): void {
    if (path.length > MAX_EXAMPLE_LENGTH) return;
    const list = this.examples;
    if (list && list.length >= 5 && path >= list[list.length - 1] && !SORTS_AFTER_BRACE.test(path)) return;
    if (list?.includes(path)) return;
    this.addExamples([redactPathSecrets(path)]);
  }

  /** Keeps the five smallest distinct paths: bounded, and the same whatever order traffic arrived in. */
  private addExamples(paths: readonly string[]): void {
    const list = (this.examples ??= []);
    // A full list's largest entry bounds the batch: nothing at or above it can be among the five
    // smallest of the union. Checked before pushing, so the hot path (one new ID path per request on a
    // busy endpoint) neither allocates nor sorts; sorting once after the batch keeps it order-independent.
    const bound = list.length >= 5 ? list[list.length - 1] : undefined;
    let changed = false;
    for (const p of paths) {
      if (p.length > MAX_EXAMPLE_LENGTH || (bound !== undefined && p >= bound) || list.includes(p)) continue;
      list.push(p);
      changed = true;
    }
    if (changed) this.examples = list.sort().slice(0, 5);
  }

  snapshot(): EndpointEvidence {
    return {
      requests: this.requests,
      ...(Number.isFinite(this.firstMs) ? { firstSeen: new Date(this.firstMs).toISOString() } : {}),
      ...(Number.isFinite(this.lastMs) ? { lastSeen: new Date(this.lastMs).toISOString() } : {}),
      statuses: sortedRecord(this.statuses),
      authKinds: sortedRecord(this.authKinds),
      jwtIssuers: this.issuers?.toArray() ?? [],
      ...(this.audiences ? { jwtAudiences: this.audiences.toArray() } : {}),
      scopesSeen: this.scopes?.toArray() ?? [],
      ...(this.scopes ? { scopeSets: this.scopeSets?.toArray() ?? [] } : {}),
      unauthenticated2xx: this.unauthenticated2xx,
      ...(this.jwtNotEnforced2xx > 0 ? { jwtNotEnforced2xx: this.jwtNotEnforced2xx } : {}),
      sensitive: this.sensitive?.toArray() ?? [],
      ...(this.sensitiveInPath ? { sensitiveInPath: this.sensitiveInPath.toArray() } : {}),
      ...(this.sensitiveInBody ? { sensitiveInBody: this.sensitiveInBody.toArray() } : {}),
      queryParams: sortedRecord(this.queryParams),
      deprecationHeaders: this.deprecationHeaders,
      sunsetHeaders: this.sunsetHeaders,
      clients: { internal: this.internal, public: this.public, unknown: this.unknown },
      callers: this.callers?.size ?? 0,
      daily: Object.fromEntries(
        [...(this.days ?? [])].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([d, [r, e, u]]) => [d, { requests: r, errors: e, unauthenticated: u }]),
      ),
      examplePaths: [...(this.examples ?? [])],
      transports: sortedRecord(this.transports),
      ...(this.schemes ? { schemes: sortedRecord(this.schemes) } : {}),
      callerFingerprints: this.callers?.toArray().slice(0, 20) ?? [],
      ...(this.latency ? { latency: this.latency.snapshot() } : {}),
    };
  }
}

/** One token's scopes as one value: distinct, sorted, space-separated (a `scope` claim's own form). */
function scopeSetKey(scopes: readonly string[]): string {
  return [...new Set(scopes.flatMap((s) => s.split(' ')).filter((s) => s.length > 0))].sort().join(' ');
}

let lastTs = '';
let lastMs = NaN;
/** UTC day of the last parsed timestamp (`2026-01-02T01:00:00+02:00` is 2026-01-01 in UTC). */
let lastDay = '';
/** Consecutive exchanges mostly share a timestamp (log lines within one second); parse each once. */
function parseTimestamp(ts: string): number {
  if (ts !== lastTs) {
    lastTs = ts;
    lastMs = Date.parse(ts);
    lastDay = Number.isFinite(lastMs) ? new Date(lastMs).toISOString().slice(0, 10) : '';
  }
  return lastMs;
}

function addDay(days: Map<string, [number, number, number]>, day: string, requests: number, errors: number, unauthenticated: number): void {
  const d = days.get(day);
  if (d) {
    d[0] += requests;
    d[1] += errors;
    d[2] += unauthenticated;
  } else days.set(day, [requests, errors, unauthenticated]);
}

function bump<K>(map: Map<K, number>, key: K, by: number): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function sortedRecord(map: Map<string | number, number> | undefined): Record<string, number> {
  if (!map) return {};
  const entries = [...map].map(([k, v]) => [String(k), v] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return Object.fromEntries(entries);
}
