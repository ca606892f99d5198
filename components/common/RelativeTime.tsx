'use client';

import { useState } from 'react';
import { formatRelative } from '@/lib/format-relative-time';

/** "3 hours ago", with the absolute UTC time on hover. */
export function RelativeTime({ iso }: { iso: string }) {
  const [now] = useState(() => Date.now());
  return (
    <time dateTime={iso} title={new Date(iso).toUTCString()} suppressHydrationWarning>
      {formatRelative(iso, now)}
    </time>
  );
}
