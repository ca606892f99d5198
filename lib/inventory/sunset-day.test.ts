import { expect, test } from 'vitest';
import { sunsetHasCome } from './sunset-day';

const NOW = Date.parse('2026-12-07T02:00:00Z');

test('a sunset day has come from the UTC midnight that starts it', () => {
  expect(['2020-01-01', '2026-12-07', '2026-12-08', '2099-01-01', ''].map((d) => sunsetHasCome(d, NOW))).toEqual([true, true, false, false, false]);
});
