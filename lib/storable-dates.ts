import { z } from 'zod';

/**
 * PostgreSQL has no date before the year 1 ('date/time field value out of range', a 500) where SQLite stores one:
 * every date Lantern takes in (a batch's times and days, a spec's sunset, a proposed sunset) is refused or dropped
 * before that, on both databases alike. One rule, so that the four places it is asked agree.
 */
export const YEAR_1_MS = Date.parse('0001-01-01T00:00:00Z');

/** Whether a time (ms since the epoch) can be stored; NaN cannot. */
export function isStorableTime(ms: number): boolean {
  return ms >= YEAR_1_MS;
}

/** A `YYYY-MM-DD` day in year 1 or later (the format admits the year 0000, a typo or a placeholder). */
export const storableDaySchema = z.iso.date().refine((d) => d >= '0001-01-01', 'must be in year 1 or later');
