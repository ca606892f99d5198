const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];
const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "3 hours ago", with the absolute UTC time on hover. */
export function RelativeTime({ iso, now = Date.now() }: { iso: string; now?: number }) {
  const diff = new Date(iso).getTime() - now;
  const [unit, ms] = UNITS.find(([, size]) => Math.abs(diff) >= size) ?? UNITS[UNITS.length - 1];
  return (
    <time dateTime={iso} title={new Date(iso).toUTCString()} suppressHydrationWarning>
      {format.format(Math.round(diff / ms), unit)}
    </time>
  );
}
