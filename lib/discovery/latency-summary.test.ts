import fc from 'fast-check';
import { expect, test } from 'vitest';
import { LATENCY_BUCKETS, LatencyAccumulator, latencyBucket, latencyFigures, latencyPercentile, latencySummarySchema, mergeLatency, type LatencySummary } from './latency-summary';

function summaryOf(latencies: readonly number[]): LatencySummary {
  const acc = new LatencyAccumulator();
  for (const ms of latencies) acc.add(ms);
  return acc.snapshot();
}

/** The nearest-rank percentile of the data itself. */
function exactPercentile(latencies: readonly number[], q: number): number {
  const sorted = [...latencies].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
}

// 0.1 ms to 20 minutes (the histogram's fine range), as logs and captures time requests (to the microsecond).
const latency = fc.integer({ min: 100, max: 1_200_000_000 }).map((us) => us / 1000);

test('bucket edges: below 0.1 ms, each quarter doubling, and everything past the last edge in the last bucket', () => {
  expect([0, 0.05, 0.0999, 0.1, 0.11, 0.2, 0.4, 1, 1000, 1e12].map(latencyBucket)).toEqual([0, 0, 0, 1, 1, 5, 9, 14, 54, LATENCY_BUCKETS - 1]);
});

test('merging is associative and commutative, and equals summarising all the traffic at once (property)', () => {
  fc.assert(
    fc.property(fc.array(latency, { maxLength: 30 }), fc.array(latency, { maxLength: 30 }), fc.array(latency, { maxLength: 30 }), (a, b, c) => {
      const [x, y, z] = [summaryOf(a), summaryOf(b), summaryOf(c)];
      const left = mergeLatency(mergeLatency(x, y), z);
      expect(mergeLatency(x, mergeLatency(y, z))).toEqual(left);
      expect(mergeLatency(mergeLatency(z, x), y)).toEqual(left);
      expect(left).toEqual(summaryOf([...a, ...b, ...c]));
      // The accumulators' own merge (templating folds per-path evidence) agrees too.
      const acc = new LatencyAccumulator();
      for (const part of [c, a, b]) {
        const one = new LatencyAccumulator();
        for (const ms of part) one.add(ms);
        acc.merge(one);
      }
      expect(acc.snapshot()).toEqual(left);
    }),
    { numRuns: 200 },
  );
});

test('p50, p95 and p99 of 1 to 1000 ms are within the bucket error (9.1%) of the exact ones', () => {
  const data = Array.from({ length: 1000 }, (_, i) => i + 1);
  const figures = latencyFigures(summaryOf(data))!;
  expect(figures.count).toBe(1000);
  expect(figures.mean).toBe(500.5);
  expect(figures.max).toBe(1000);
  for (const [q, exact] of [[figures.p50, 500], [figures.p95, 950], [figures.p99, 990]]) expect(Math.abs(q / exact - 1)).toBeLessThanOrEqual(0.0906);
});

test('a percentile is within 9.1% of the exact nearest-rank one, for any traffic (property)', () => {
  fc.assert(
    fc.property(fc.array(latency, { minLength: 1, maxLength: 200 }), fc.constantFrom(0.5, 0.9, 0.95, 0.99, 1), (data, q) => {
      const estimate = latencyPercentile(summaryOf(data), q);
      expect(Math.abs(estimate / exactPercentile(data, q) - 1)).toBeLessThanOrEqual(0.0906);
    }),
    { numRuns: 300 },
  );
});

test('a percentile is never above the max, and one request alone is its own latency', () => {
  expect(latencyFigures(summaryOf([42]))).toEqual({ count: 1, mean: 42, p50: 42, p95: 42, p99: 42, max: 42 });
  expect(latencyFigures(summaryOf([0, 0.02]))).toEqual({ count: 2, mean: 0.01, p50: 0.02, p95: 0.02, p99: 0.02, max: 0.02 });
  expect(latencyFigures(summaryOf([]))).toBeNull();
});

test('the schema refuses a summary that does not add up, a bucket past the last, and a sum over count × max', () => {
  const ok = summaryOf([1, 2, 3]);
  expect(latencySummarySchema.parse(ok)).toEqual(ok);
  const issues = (value: unknown) => latencySummarySchema.safeParse(value).error?.issues.map((i) => i.path.join('.'));
  expect(issues({ ...ok, count: 4 })).toEqual(['buckets']);
  expect(issues({ ...ok, buckets: { ...ok.buckets, [String(LATENCY_BUCKETS)]: 1 }, count: 4 })).toEqual([`buckets.${LATENCY_BUCKETS}`, 'buckets']);
  expect(issues({ ...ok, sumUs: 3 * ok.maxUs + 1 })).toEqual(['sumUs']);
});
