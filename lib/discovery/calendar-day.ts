/**
 * Whether a month and day exist in that year (the 29th of February in leap years alone): one check for compact dates
 * (`20240115`), dates written as segments (`/2024/01/15`) and dated versions first in a path. Each caller keeps its
 * own range of years.
 */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
