import { z } from 'zod';
import { latencyFiguresSchema } from '../discovery/latency-summary';
import { ownKeysRecord } from '../own-keys-record';
import { parseLeniently } from './lenient-query';

export const endpointStateSchema = z.enum(['documented', 'shadow', 'zombie']);
export type EndpointState = z.infer<typeof endpointStateSchema>;
export const triageSchema = z.enum(['new', 'acknowledged', 'ignored', 'adopted']);
export type Triage = z.infer<typeof triageSchema>;

/**
 * A text filter from a URL. NUL is refused: PostgreSQL text cannot hold it (the query fails) and SQLite's FTS5 reads
 * the search term as a C string (`unterminated string`), so either way it was a 500. No stored host or path has one.
 */
export const filterText = (max: number) => z.string().max(max).refine((s) => !s.includes('\0'), 'must not contain NUL characters');

/**
 * A filter as typed or pasted: trimmed, since no host, slug, method or auth kind starts or ends with a space (a
 * term with one found nothing); blanks alone are no filter at all.
 */
const trimmedFilter = (max: number) => z.string().trim().pipe(filterText(max)).transform((s) => s || undefined);

/** Inventory filters: the same schema parses the API's query string and the dashboard's URL. */
export const endpointQuerySchema = z.object({
  state: endpointStateSchema.optional(),
  /** Stored as ingest lowercases it (host names ignore case): `API.Shop.test` typed or pasted finds `api.shop.test`. */
  host: trimmedFilter(255).transform((s) => s?.toLowerCase()).optional(),
  api: trimmedFilter(64).optional(),
  team: trimmedFilter(64).optional(),
  method: trimmedFilter(16).optional(),
  triage: triageSchema.optional(),
  q: trimmedFilter(200).optional(),
  /** An auth kind seen on the endpoint: `none`, `bearer-jwt`, `api-key:x-api-key`, … */
  auth: trimmedFilter(160).optional(),
  sensitive: z.enum(['1', '0']).optional(),
  /** Last seen within 24 h / 7 d / 30 d, or `stale` (not in 30 d). */
  seen: z.enum(['24h', '7d', '30d', 'stale']).optional(),
  /** Endpoints hidden by an `ignore` override are left out unless asked for. */
  includeIgnored: z.enum(['true', 'false', '1', '0']).optional().transform((v) => v === 'true' || v === '1'),
  /**
   * Shadows `discover`, `check` and `inventory` leave out (404/405 only, CORS preflights: lib/discovery/unlisted-shadows.ts)
   * are left out and counted apart unless asked for, as their `--include-not-found --include-preflights`.
   */
  includeUnlisted: z.enum(['true', 'false', '1', '0']).optional().transform((v) => v === 'true' || v === '1'),
  /** `p95`: latency's 95th percentile, endpoints no source timed last either way. */
  sort: z.enum(['lastSeen', 'requests', 'path', 'firstSeen', 'p95']).default('lastSeen'),
  order: z.enum(['asc', 'desc']).default('desc'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type EndpointQuery = z.infer<typeof endpointQuerySchema>;

/** The dashboard's reading of its own URL: a bad parameter is dropped on its own (lenient-query.ts). */
export function parseInventoryFilters(raw: Record<string, string | undefined>): EndpointQuery {
  return parseLeniently(endpointQuerySchema, raw);
}

export const endpointSummarySchema = z.object({
  id: z.string(),
  host: z.string(),
  method: z.string(),
  pathTemplate: z.string(),
  state: endpointStateSchema,
  triage: triageSchema,
  requestCount: z.number(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  statusCounts: ownKeysRecord(z.string(), z.number()),
  authCounts: ownKeysRecord(z.string(), z.number()),
  sensitiveTags: z.array(z.string()),
  /** In ms, percentiles estimated (lib/discovery/latency-summary.ts); null when no source timed its requests. */
  latency: latencyFiguresSchema.nullable(),
  /** Hidden by an `ignore` override: listed only with `includeIgnored`. */
  ignored: z.boolean(),
  /** A shadow `check` leaves out (404/405 only, a CORS preflight): listed only with `includeUnlisted`. */
  unlisted: z.boolean(),
  api: z.object({ slug: z.string(), name: z.string() }).nullable(),
  ownerTeam: z.object({ slug: z.string(), name: z.string() }).nullable(),
});
export type EndpointSummary = z.infer<typeof endpointSummarySchema>;

export const endpointPageSchema = z.object({
  items: z.array(endpointSummarySchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  countsByState: z.record(endpointStateSchema, z.number()),
  /** Endpoints the filters (state included) match that an `ignore` override hides, listed or not: the dashboard's "Show ignored (N)". */
  ignoredTotal: z.number(),
  /** Endpoints the filters (state included) match that are unlisted shadows, listed or not: "Show 404-only and preflights (N)". */
  unlistedTotal: z.number(),
});
export type EndpointPage = z.infer<typeof endpointPageSchema>;
