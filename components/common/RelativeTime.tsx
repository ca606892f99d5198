'use client';

import { useState } from 'react';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];
const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

export function formatRelative(iso: string, now: number): string {
  const diff = new Date(iso).getTime() - now;
  const [unit, ms] = UNITS.find(([, size]) => Math.abs(diff) >= size) ?? UNITS[UNITS.length - 1];
  return format.format(Math.round(diff / ms), unit);
}

/** "3 hours ago", with the absolute UTC time on hover. */
export function RelativeTime({ iso }: { iso: string }) {
  const [now] = useState(() => Date.now());
  return (
    <time dateTime={iso} title={new Date(iso).toUTCString()} suppressHydrationWarning>
      {formatRelative(iso, now)}
    </time>
  );
}
