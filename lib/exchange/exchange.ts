import { z } from 'zod';

// Plain functions live apart so that the capture workers' hot path loads no zod (see http-rules.ts).
import { pathWithoutQuery, storedPathOf } from './http-rules';
export { absoluteForm, authorityHost, isBodilessResponse, isMethodToken, isRecordableHost, pathWithoutQuery, withoutDefaultPort } from './http-rules';

/**
 * The one record every collector produces and every consumer (discovery, ingest, push) reads.
 * Fields a source cannot observe are absent, never invented: a combined nginx log has no `dst`,
 * a TLS flow has no `method`. Secrets never appear here, only `authEvidence` kinds and fingerprints.
 */

export const transportSchema = z.enum(['http/1.0', 'http/1.1', 'h2c', 'h2', 'http/3', 'tls']);
export type Transport = z.infer<typeof transportSchema>;

/** Unverified JWT claims that matter for posture; the signature and every other claim are dropped. */
export const jwtClaimsSchema = z.object({
  alg: z.string().max(32).optional(),
  iss: z.string().max(512).optional(),
  aud: z.array(z.string().max(512)).max(32).optional(),
  scopes: z.array(z.string().max(256)).max(256).optional(),
  exp: z.number().int().optional(),
  /**
   * The token has no signature (an empty third part), whatever its `alg` says: a 2xx to it is a token nobody
   * verified, as for `alg: none` (the signature-stripping probe keeps `alg: RS256`).
   */
  unsigned: z.literal(true).optional(),
});
export type JwtClaims = z.infer<typeof jwtClaimsSchema>;

export const AUTH_KIND_PATTERN = /^(none|bearer-jwt|bearer-opaque|basic|api-key:[!-~]{1,128}|cookie:[!-~]{1,512}|proxy:[a-z0-9!#$%&'*+.^_`|~-]{1,32})$/;


/** What a credential becomes (./fingerprint.ts): 64 bits of a keyed HMAC, in hex. */
export const FINGERPRINT_PATTERN = /^[0-9a-f]{16}$/;

export const authEvidenceSchema = z.object({
  /**
   * `none | bearer-jwt | bearer-opaque | basic | api-key:<header or param name> | cookie:<names,sorted>` (`cookie:(unnamed)`:
   * only nameless cookies) | `proxy:<scheme>` (a forward proxy's credential, beside the API's own or beside `none`)
   */
  kind: z.string().regex(AUTH_KIND_PATTERN),
  /** Short keyed HMAC of the credential: lets two requests be attributed to one caller, never reversible. */
  fingerprint: z.string().regex(FINGERPRINT_PATTERN).optional(),
  jwt: jwtClaimsSchema.optional(),
});
export type AuthEvidence = z.infer<typeof authEvidenceSchema>;

export const exchangeSourceSchema = z.object({
  file: z.string().max(4096),
  packet: z.number().int().nonnegative().optional(),
  line: z.number().int().nonnegative().optional(),
});

export const exchangeSchema = z.object({
  /** ISO 8601 UTC time of the request (first byte of the request, or the log's timestamp). */
  ts: z.iso.datetime({ offset: true }),
  /** `ip:port`, IPv6 bracketed (`[2001:db8::1]:443`); a bare IP where the port is unknown. */
  src: z.string().max(64).optional(),
  dst: z.string().max(64).optional(),
  transport: transportSchema.optional(),
  /**
   * The URL scheme, where the source states it: an absolute request URL (HAR, ALB, Azure, GCP, a proxy's
   * `GET http://…`) or a scheme field (OTel `url.scheme`). Captures leave it out: what they read off the wire (a
   * TLS handshake or cleartext HTTP) says it already (lib/discovery/observed-scheme.ts).
   */
  scheme: z.enum(['http', 'https']).optional(),
  /** Host header, `:authority` or TLS SNI, lower-cased; a non-default port stays attached. */
  host: z.string().max(255).optional(),
  method: z.string().max(32).optional(),
  /**
   * Raw request path as sent, without the query string (percent-encoding preserved). A record another tool wrote with
   * the query (or a fragment) left on is read without it: its values (`?api_key=…`) would otherwise become the
   * endpoint's template and example paths.
   */
  path: z.string().max(8192).transform(pathWithoutQuery).optional(),
  /** Query parameter names only, in first-seen order, without duplicates. */
  query: z.array(z.string().max(256)).max(256).optional(),
  /**
   * A route template a gateway or framework already resolved (API Gateway resourcePath, OTel http.route). Read
   * without a query or fragment, as `path` is (a tracer that fills it with the target sends `?api_key=…` in it);
   * a `?` inside braces (`{id?}`) is the route's own.
   */
  route: z.string().max(8192).transform((r) => (r.length > 0 ? storedPathOf(r) : r)).optional(),
  status: z.number().int().min(0).max(999).optional(),
  latencyMs: z.number().nonnegative().optional(),
  requestContentType: z.string().max(256).optional(),
  /**
   * Body bytes as sent (after de-chunking, before content decoding); a log that only has totals with headers gives
   * those, except for a response that has no body (to HEAD, a 1xx, 204 or 304), which is 0 from every source. Exact
   * or absent: a capture leaves it out when the body was cut before its end (collectors/pcap/README.md). A request
   * that carried no body bytes has no `requestBytes` (absent, not 0) from every source, as a capture gives it.
   */
  requestBytes: z.number().int().nonnegative().optional(),
  responseContentType: z.string().max(256).optional(),
  responseBytes: z.number().int().nonnegative().optional(),
  userAgent: z.string().max(512).optional(),
  /** Absent when the source cannot see credentials; `[{kind:'none'}]` when it can and there were none. */
  auth: z.array(authEvidenceSchema).max(16).optional(),
  /** Sensitive-data tags found in (decoded, capped, discarded) bodies: `email`, `card-number`, … (discovery adds what the path carries: lib/discovery/path-sensitive.ts). */
  sensitive: z.array(z.string().max(64)).max(64).optional(),
  /** Raw `Deprecation` (RFC 9745) and `Sunset` (RFC 8594) response header values. */
  deprecation: z.string().max(256).optional(),
  sunset: z.string().max(256).optional(),
  tls: z
    .object({ sni: z.string().max(255).optional(), alpn: z.array(z.string().max(64)).max(16).optional() })
    .optional(),
  source: exchangeSourceSchema.optional(),
});
export type Exchange = z.infer<typeof exchangeSchema>;
