const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];
const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/**
 * "3 hours ago", "in 2 days": the largest unit the time is at least one of, rounded half away from zero (Math.round
 * alone made 90 minutes ago "1 hour ago" but 90 minutes ahead "in 2 hours"). A count that rounds up to the next unit
 * is said in that unit: 59 min 40 s ago is "1 hour ago", where the inventory said "60 minutes ago".
 */
export function formatRelative(iso: string, now: number): string {
  const diff = new Date(iso).getTime() - now;
  const rounded = (ms: number) => Math.sign(diff) * Math.round(Math.abs(diff) / ms) || 0;
  let i = UNITS.findIndex(([, size]) => Math.abs(diff) >= size);
  if (i === -1) i = UNITS.length - 1;
  if (i > 0 && Math.abs(rounded(UNITS[i][1])) * UNITS[i][1] >= UNITS[i - 1][1]) i--;
  return format.format(rounded(UNITS[i][1]), UNITS[i][0]);
}
