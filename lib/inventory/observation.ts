import { z } from 'zod';
import { endpointEvidenceSchema } from '../discovery/evidence';
import { isMethodToken, isRecordableHost, storedPathOf } from '../exchange/http-rules';
import { canonicalHost } from '../openapi/servers';
import { isCredentialHost } from '../security/secret-shape';
import { storableDaySchema } from '../storable-dates';
import { UNKNOWN_HOST } from './unknown-host';

/**
 * What a collector sends instead of raw exchanges: one aggregated observation per endpoint (host, method, wire
 * template) per batch. Counts are additive, so the server can sum observations from many collectors exactly.
 */
/** A UTC day, in year 1 or later as every stored time is (lib/storable-dates.ts). */
export const daySchema = storableDaySchema;

export const dailyCountsSchema = z.object({
  requests: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  unauthenticated: z.number().int().nonnegative(),
});
export type DailyCounts = z.infer<typeof dailyCountsSchema>;

/**
 * The stored total (`requestCount`) and the stored history (daily rows) are both sums of what collectors sent;
 * a batch whose days disagree with its total would make them disagree for good. Collectors count an exchange in
 * its day and in the total at once (lib/discovery/evidence.ts), so a mismatch is a broken or forged batch.
 */
function dailyAddsUp(o: { evidence: { requests: number }; daily: Record<string, DailyCounts> }): boolean {
  return Object.values(o.daily).reduce((n, d) => n + d.requests, 0) === o.evidence.requests;
}

/**
 * A collector's first seen is the earliest time it counted and its last seen the latest (lib/discovery/evidence.ts), so
 * a first after the last is a broken or forged batch; stored, the endpoint would read as first called after its last
 * call.
 */
function seenInOrder(o: { evidence: { firstSeen?: string; lastSeen?: string } }): boolean {
  const { firstSeen, lastSeen } = o.evidence;
  return firstSeen === undefined || lastSeen === undefined || !(Date.parse(firstSeen) > Date.parse(lastSeen));
}

/** A latency is timed per request: more of them than requests is a broken or forged batch (a mean off for good). */
function latenciesWithinRequests(o: { evidence: { requests: number; latency?: { count: number } } }): boolean {
  const { requests, latency } = o.evidence;
  // A request total already refused (negative) is named once, for what is wrong with it.
  return latency === undefined || !(requests >= 0) || latency.count <= requests;
}

export const endpointObservationSchema = z.object({
  /** As collectors record it (lib/discovery/observe.ts drops a Host no server would take): a separate endpoint each. */
  host: z.string().min(1).max(255).refine(isRecordableHost, 'must be a host (no whitespace, control characters or /?#@"<>\\^`{|})')
    // A collector of an older release sends hosts as it found them (`API.example.com.:443`): the row today's keep; and
    // a token its log reader took for the host (a captured JWT) as today's readers place that traffic, host-less.
    .transform((host) => (isCredentialHost(host) ? UNKNOWN_HOST : (canonicalHost(host) ?? host))),
  method: z.string().min(1).max(32).refine(isMethodToken, 'must be an HTTP method token (no whitespace, control characters or separators)'),
  /**
   * Wire template: base path included, parameters in braces (`/v1/users/{userId}`). Another tool's batch may leave
   * the query on, or send an absolute URL, an older collector a `#fragment`: stored, their values (`?api_key=…`, a
   * URL's `user:password@`) were the template.
   */
  path: z.string().min(1).max(2048).transform(storedPathOf),
  evidence: endpointEvidenceSchema,
  /** UTC day → counts; the sum of `requests` over days equals `evidence.requests`. */
  daily: z.record(daySchema, dailyCountsSchema),
  /** A few concrete paths as seen (identifiers kept; query strings and secrets never). */
  examplePaths: z.array(z.string().max(2048).transform(storedPathOf)).max(5),
}).refine(dailyAddsUp, {
  path: ['daily'],
  message: 'the requests of the days must add up to evidence.requests',
}).refine(latenciesWithinRequests, {
  path: ['evidence', 'latency', 'count'],
  message: 'must be at most evidence.requests',
}).refine(seenInOrder, {
  path: ['evidence', 'lastSeen'],
  message: 'must not be before evidence.firstSeen',
  // As zod's own default, not on a shape gone wrong (an issue that does not continue); and a time already refused
  // (not a datetime, before year 1) is named once, for what is wrong with it.
  when: ({ issues }) => issues.every((i) => i.continue === true && !(i.path?.[0] === 'evidence' && (i.path[1] === 'firstSeen' || i.path[1] === 'lastSeen'))),
});
export type EndpointObservation = z.infer<typeof endpointObservationSchema>;

export const collectorKindSchema = z.enum(['pcap', 'mirror', 'log', 'otlp', 'mixed']);

const batchKeySchema = z.string().min(16).max(128).regex(/^[A-Za-z0-9._:-]+$/);
const inputSetSchema = z.object({ key: batchKeySchema, layout: z.number().int().nonnegative().max(2 ** 48) });

export const ingestBatchSchema = z.object({
  /** Unique per batch and stable across retries: a retried batch is applied once. */
  idempotencyKey: batchKeySchema,
  collector: z.object({ name: z.string().min(1).max(128), kind: collectorKindSchema }),
  observations: z.array(endpointObservationSchema).max(5000),
  /**
   * The input the batch is a part of, and how the input was cut (`layout`, a hash of its batches' keys): the same
   * input cut otherwise (templated with other specs, so into another number of batches, whose keys differ) is
   * refused as counted. Absent from older collectors' batches; an older server drops it.
   */
  inputSet: inputSetSchema.optional(),
  /**
   * The same batch keyed by its input's content (a digest of all its bytes, as standard input is keyed): a file's
   * batches carry it, so the same bytes pushed through a pipe are counted once under either (lib/db/ingest.ts).
   * Absent from older collectors' batches and from a large file's; an older server drops it.
   */
  alias: z.object({ idempotencyKey: batchKeySchema, inputSet: inputSetSchema }).optional(),
  /** Collector counters for this batch (added to the collector's totals). */
  stats: z.record(z.string().max(32), z.number().int().nonnegative()).default({}),
});
export type IngestBatch = z.infer<typeof ingestBatchSchema>;

/**
 * How far a batch's times (or an OTLP span's start) may run ahead of the receiving server's clock: a sender beyond it
 * has a wrong clock (a day covers any time-zone mistake), and stored, its time would make the endpoint's last call lie
 * in the future for good, after any sunset.
 */
export const CLOCK_AHEAD_ALLOWANCE_MS = 86_400_000;

/**
 * The first time in a batch (first or last seen, a day of the daily counts) more than the allowance after `now`,
 * with where it is. Stored, such a time stays for good: the endpoint's last call in 2999 sorts first and reads as
 * called after every sunset. A collector sends what its clock said, so this is a clock to set right.
 */
export function timeAheadOf(batch: IngestBatch, now: Date): { path: (string | number)[]; value: string } | undefined {
  const limit = now.getTime() + CLOCK_AHEAD_ALLOWANCE_MS;
  // A day is ahead once it starts after the limit.
  const lastDay = new Date(limit).toISOString().slice(0, 10);
  for (const [i, o] of batch.observations.entries()) {
    for (const key of ['firstSeen', 'lastSeen'] as const) {
      const value = o.evidence[key];
      if (value !== undefined && Date.parse(value) > limit) return { path: ['observations', i, 'evidence', key], value };
    }
    for (const day of Object.keys(o.daily)) if (day > lastDay) return { path: ['observations', i, 'daily', day], value: day };
  }
  return undefined;
}
