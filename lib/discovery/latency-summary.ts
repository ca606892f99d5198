import { z } from 'zod';
import { ownKeysRecord } from '../own-keys-record';

/**
 * An endpoint's latencies as a mergeable summary: count, sum, max and a fixed log-scale histogram. Collectors send it
 * in every batch and the server sums it into the row, so it has to add up exactly whatever the order and grouping of
 * batches (several collectors, repeated flushes): integer microseconds for the sum and the max, integer counts per
 * bucket. Percentiles are read off the histogram (latencyFigures).
 *
 * Hand-written rather than DDSketch (@datadog/sketches-js) or HdrHistogram: the bucket layout is a wire and storage
 * format shared by collectors and servers of different releases and read from untrusted batches, so it must be fixed
 * here and checked by a schema; those libraries' interchange is protobuf or compressed bytes whose store grows to
 * whatever bucket index arrives. The whole algorithm is a logarithm and a sum.
 */

/** Lower edge of bucket 1: anything faster (a cache hit timed to the microsecond) is bucket 0. */
const FLOOR_MS = 0.1;
/** Buckets per doubling: each spans a factor 2^(1/4) ≈ 1.19, so its geometric middle is within 9.1% of any value in it. */
const PER_DOUBLING = 4;
/** 0.1 ms × 2^24 ≈ 28 min of doublings; the last bucket also takes anything slower (long polls, streams). */
export const LATENCY_BUCKETS = 1 + PER_DOUBLING * 24;
const LAST = LATENCY_BUCKETS - 1;

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const bucketIndex = z.string().regex(/^(?:0|[1-9]\d?)$/, 'must be a bucket index').refine((k) => Number(k) < LATENCY_BUCKETS, `must be a bucket index below ${LATENCY_BUCKETS}`);

export const latencySummarySchema = z.object({
  /** Requests whose latency the source recorded (at most the endpoint's requests: not every source times them). */
  count,
  /** Sum of the latencies, each rounded to the microsecond: integers add up exactly in any order. */
  sumUs: count,
  maxUs: count,
  /** Bucket index → requests (non-zero only); bucket i ≥ 1 spans [0.1 ms × 2^((i−1)/4), 0.1 ms × 2^(i/4)). */
  buckets: ownKeysRecord(bucketIndex, count),
}).refine((l) => Object.values(l.buckets).reduce((n, c) => n + c, 0) === l.count, {
  path: ['buckets'],
  message: 'the buckets must add up to count',
}).refine((l) => l.sumUs <= l.count * l.maxUs, { path: ['sumUs'], message: 'must be at most count × maxUs' });
export type LatencySummary = z.infer<typeof latencySummarySchema>;

/** The bucket a latency falls in. */
export function latencyBucket(ms: number): number {
  if (!(ms >= FLOOR_MS)) return 0;
  return Math.min(LAST, 1 + Math.floor(PER_DOUBLING * Math.log2(ms / FLOOR_MS)));
}

/** Mutable, sparse accumulator behind `LatencySummary`: most endpoints see a handful of requests, in a few buckets. */
export class LatencyAccumulator {
  count = 0;
  sumUs = 0;
  maxUs = 0;
  readonly buckets = new Map<number, number>();

  add(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    const us = Math.round(ms * 1000);
    this.count++;
    this.sumUs += us;
    if (us > this.maxUs) this.maxUs = us;
    const b = latencyBucket(ms);
    this.buckets.set(b, (this.buckets.get(b) ?? 0) + 1);
  }

  merge(other: LatencyAccumulator): void {
    this.count += other.count;
    this.sumUs += other.sumUs;
    if (other.maxUs > this.maxUs) this.maxUs = other.maxUs;
    for (const [b, n] of other.buckets) this.buckets.set(b, (this.buckets.get(b) ?? 0) + n);
  }

  snapshot(): LatencySummary {
    const buckets = [...this.buckets].sort((a, b) => a[0] - b[0]).map(([b, n]) => [String(b), n] as const);
    return { count: this.count, sumUs: this.sumUs, maxUs: this.maxUs, buckets: Object.fromEntries(buckets) };
  }
}

/** Two summaries as one (counts and sums add, the max is the larger): associative and commutative, exactly. */
export function mergeLatency(a: LatencySummary | undefined, b: LatencySummary | undefined): LatencySummary | undefined {
  if (!a || !b) return a ?? b;
  const buckets = new Map<number, number>();
  for (const s of [a, b]) for (const [k, n] of Object.entries(s.buckets)) buckets.set(Number(k), (buckets.get(Number(k)) ?? 0) + n);
  return {
    count: a.count + b.count,
    sumUs: a.sumUs + b.sumUs,
    maxUs: Math.max(a.maxUs, b.maxUs),
    buckets: Object.fromEntries([...buckets].sort((x, y) => x[0] - y[0]).map(([k, n]) => [String(k), n])),
  };
}

/** A stored or sent summary as a summary, or undefined when there is none or it is not one (a row corrupted by hand). */
export function readLatency(value: unknown): LatencySummary | undefined {
  if (value === null || value === undefined) return undefined;
  const parsed = latencySummarySchema.safeParse(value);
  return parsed.success && parsed.data.count > 0 ? parsed.data : undefined;
}

/** What the inventory shows, in milliseconds (to the microsecond): percentiles are estimates (see latencyPercentile). */
export const latencyFiguresSchema = z.object({
  count: z.number(),
  mean: z.number(),
  p50: z.number(),
  p95: z.number(),
  p99: z.number(),
  max: z.number(),
});
export type LatencyFigures = z.infer<typeof latencyFiguresSchema>;

export function latencyFigures(l: LatencySummary | undefined): LatencyFigures | null {
  if (!l || l.count === 0) return null;
  const ms = (us: number) => Math.round(us) / 1000;
  return {
    count: l.count,
    mean: ms(l.sumUs / l.count),
    p50: ms(latencyPercentile(l, 0.5) * 1000),
    p95: ms(latencyPercentile(l, 0.95) * 1000),
    p99: ms(latencyPercentile(l, 0.99) * 1000),
    max: ms(l.maxUs),
  };
}

/**
 * The nearest-rank `q` percentile, estimated as the geometric middle of the bucket it falls in (at most the max; the max
 * itself when the rank is the last): within
 * 9.1% of the true value from 0.1 ms up to ~23 minutes, within 0.05 ms below 0.1 ms; beyond, the max.
 */
export function latencyPercentile(l: LatencySummary, q: number): number {
  const rank = Math.max(1, Math.ceil(q * l.count));
  const max = l.maxUs / 1000;
  // The last rank is the slowest request, which the summary knows exactly.
  if (rank >= l.count) return max;
  let seen = 0;
  for (const [k, n] of Object.entries(l.buckets).sort((a, b) => Number(a[0]) - Number(b[0]))) {
    seen += n;
    if (seen < rank) continue;
    const b = Number(k);
    if (b === LAST) return max;
    const middle = b === 0 ? FLOOR_MS / 2 : FLOOR_MS * 2 ** ((b - 0.5) / PER_DOUBLING);
    return Math.min(middle, max);
  }
  return max;
}
