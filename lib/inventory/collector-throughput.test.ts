import { expect, test } from 'vitest';
import { exchangesPerDay } from './collector-throughput';

test('a rate is said once a collector has reported over an hour, not extrapolated from one batch', () => {
  // Before: a floor of an hour made one batch of 7,953 exchanges 190,872/day.
  expect(exchangesPerDay(7953, '2026-12-06T10:00:00Z', '2026-12-06T10:00:00Z')).toBeUndefined();
  expect(exchangesPerDay(7953, '2026-12-06T10:00:00Z', null)).toBeUndefined();
  expect(exchangesPerDay(7953, '2026-12-06T10:00:00Z', '2026-12-06T10:59:59Z')).toBeUndefined();
  expect(exchangesPerDay(1000, '2026-12-06T10:00:00Z', '2026-12-06T11:00:00Z')).toBe(24_000);
  expect(exchangesPerDay(3000, '2026-12-01T00:00:00Z', '2026-12-04T00:00:00Z')).toBe(1000);
});
