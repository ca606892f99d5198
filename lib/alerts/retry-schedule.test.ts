import { describe, expect, test } from 'vitest';
import { MAX_ALERT_ATTEMPTS, nextAttemptAt, parseRetryAfter } from './retry-schedule';

const now = new Date('2026-12-05T10:00:00.000Z');
const minutesLater = (at: Date) => (at.getTime() - now.getTime()) / 60_000;

describe('retry schedule', () => {
  test('backoff doubles from one minute and stops at an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 29].map((n) => minutesLater(nextAttemptAt(n, now)))).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  test('every attempt together spans at least a day', () => {
    let total = 0;
    for (let n = 1; n < MAX_ALERT_ATTEMPTS; n++) total += minutesLater(nextAttemptAt(n, now));
    expect(total).toBe(1443);
  });

  test("the receiver's Retry-After is honoured when longer than the backoff, up to 6 hours", () => {
    expect(minutesLater(nextAttemptAt(1, now, 30 * 60_000))).toBe(30);
    expect(minutesLater(nextAttemptAt(7, now, 5_000))).toBe(60);
    expect(minutesLater(nextAttemptAt(1, now, 30 * 86_400_000))).toBe(360);
  });

  test('Retry-After is read as seconds or an HTTP date; anything else is ignored', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sat, 05 Dec 2026 10:15:00 GMT', now)).toBe(15 * 60_000);
    expect(parseRetryAfter('Sat, 05 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
