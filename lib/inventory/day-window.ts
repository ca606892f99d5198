/**
 * The last `days` UTC days up to and including `now`'s, oldest first (`YYYY-MM-DD`, as daily stats are keyed): every
 * day a chart's bar or point stands for, so a day without traffic is drawn as zero rather than left out (the days
 * either side of it then stood side by side, as if consecutive).
 */
export function dayWindow(now: Date, days: number): string[] {
  const first = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`) - (days - 1) * 86_400_000;
  return Array.from({ length: days }, (_, i) => new Date(first + i * 86_400_000).toISOString().slice(0, 10));
}
