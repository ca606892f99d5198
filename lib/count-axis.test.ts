import { expect, test } from 'vitest';
import { getNiceTickValues } from 'recharts';
import { countAxisTickCount } from './count-axis';

// The ticks recharts draws for a count axis from 0 to `largest` (what <YAxis allowDecimals={false}> asks for).
const ticksUpTo = (largest: number) => getNiceTickValues([0, largest], countAxisTickCount(largest), false);

test('a small count axis ends at the largest value, in whole numbers', () => {
  expect([0, 1, 2, 3, 4].map(ticksUpTo)).toEqual([[0, 1], [0, 1], [0, 1, 2], [0, 1, 2, 3], [0, 1, 2, 3, 4]]);
});

test('a larger one keeps five ticks', () => {
  expect([5, 9, 1234].map(countAxisTickCount)).toEqual([5, 5, 5]);
  expect(ticksUpTo(9)).toEqual([0, 3, 6, 9, 12]);
});
