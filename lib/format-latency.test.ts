import { expect, test } from 'vitest';
import { formatLatency, formatLatencyLine } from './format-latency';

test('latencies read with at most three significant digits, in seconds from 1 s on', () => {
  expect([0.042, 0.5, 1, 16.6, 123.4, 999.6, 1000, 1234.5, 95_000].map(formatLatency)).toEqual(['0.042 ms', '0.5 ms', '1 ms', '16.6 ms', '123 ms', '1 s', '1 s', '1.23 s', '95 s']);
});

test('the endpoint page line names the percentiles, the max and the requests timed', () => {
  expect(formatLatencyLine({ count: 12_345, mean: 20, p50: 16.6, p95: 250.3, p99: 1234.5, max: 2000 })).toBe('p50 16.6 ms · p95 250 ms · p99 1.23 s · max 2 s (12,345 timed)');
});
