import { isCalendarDay } from './calendar-day';

/**
 * A date written as path segments (`/archive/2024/01/15`, a blog's `/2024/01/my-post`): the year, month and day are
 * parameters by their type already (integers), and named by it here, where until 6 Dec they were named as items of
 * what came before (`/archive/{archiveId}/{param}/{param2}`). Only a run says so: a four-digit year from 1900 to 2100
 * followed by a two-digit month (`01`–`12`), then optionally a two-digit day that month has. A lone `2024`
 * (`/v1/2024`, `/orders/2024`) is an ID, and so is `2024/7`: a month a date path writes has two digits.
 */
export type DatePart = 'year' | 'month' | 'day';

/** Which part of a date run the `i`th segment is, or undefined; callers have typed it an integer already. */
export function datePartAt(segments: readonly string[], i: number): DatePart | undefined {
  const s = segments[i];
  if (s.length === 4) return isYear(s) && isMonth(segments[i + 1]) ? 'year' : undefined;
  if (s.length !== 2 || i === 0) return undefined;
  if (isMonth(s) && isYear(segments[i - 1])) return 'month';
  return i > 1 && isMonth(segments[i - 1]) && isYear(segments[i - 2]) && isDayOf(s, segments[i - 2], segments[i - 1]) ? 'day' : undefined;
}

function isYear(s: string | undefined): boolean {
  if (s === undefined || s.length !== 4 || !isDigits(s)) return false;
  const year = Number(s);
  return year >= 1900 && year <= 2100;
}

function isMonth(s: string | undefined): boolean {
  if (s === undefined || s.length !== 2 || !isDigits(s)) return false;
  const month = Number(s);
  return month >= 1 && month <= 12;
}

function isDayOf(s: string, year: string, month: string): boolean {
  if (!isDigits(s)) return false;
  return isCalendarDay(Number(year), Number(month), Number(s));
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
