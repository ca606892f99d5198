import { z } from 'zod';
import { endpointEvidenceSchema } from '../discovery/evidence';

/**
 * What a collector sends instead of raw exchanges: one aggregated observation per endpoint (host, method, wire
 * template) per batch. Counts are additive, so the server can sum observations from many collectors exactly.
 */
export const daySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const dailyCountsSchema = z.object({
  requests: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  unauthenticated: z.number().int().nonnegative(),
});
export type DailyCounts = z.infer<typeof dailyCountsSchema>;

export const endpointObservationSchema = z.object({
  host: z.string().min(1).max(255),
  method: z.string().min(1).max(32),
  /** Wire template: base path included, parameters in braces (`/v1/users/{userId}`). */
  path: z.string().min(1).max(2048),
  evidence: endpointEvidenceSchema,
  /** UTC day → counts; the sum of `requests` over days equals `evidence.requests`. */
  daily: z.record(daySchema, dailyCountsSchema),
  /** A few concrete paths as seen (identifiers kept; query strings and secrets never). */
  examplePaths: z.array(z.string().max(2048)).max(5),
});
export type EndpointObservation = z.infer<typeof endpointObservationSchema>;

export const collectorKindSchema = z.enum(['pcap', 'mirror', 'log', 'otlp', 'mixed']);

export const ingestBatchSchema = z.object({
  /** Unique per batch and stable across retries: a retried batch is applied once. */
  idempotencyKey: z.string().min(16).max(128).regex(/^[A-Za-z0-9._:-]+$/),
  collector: z.object({ name: z.string().min(1).max(128), kind: collectorKindSchema }),
  observations: z.array(endpointObservationSchema).max(5000),
  /** Collector counters for this batch (added to the collector's totals). */
  stats: z.record(z.string().max(32), z.number().int().nonnegative()).default({}),
});
export type IngestBatch = z.infer<typeof ingestBatchSchema>;
