'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS, TOOLTIP_STYLE } from '@/components/charts/chart-colors';
import { formatCount } from '@/components/common/format-count';
import { countAxisTickCount } from '@/lib/count-axis';

export function TrafficChart({ daily }: { daily: { day: string; requests: number; errors: number; unauthenticated: number }[] }) {
  // Every day of the window is given, a quiet one as zero: all zero is no traffic, not a flat line at 0.
  if (daily.every((d) => d.requests === 0)) return <p className="muted">No traffic in the last 30 days.</p>;
  return (
    <ResponsiveContainer width="100%" height={200}>
      <BarChart data={daily} margin={{ top: 4, right: 8, left: 0, bottom: 0 }}>
        <CartesianGrid stroke="#2b3642" vertical={false} />
        <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} {...AXIS} />
        <YAxis width={56} allowDecimals={false} tickCount={countAxisTickCount(Math.max(...daily.map((d) => d.requests)))} tickFormatter={formatCount} {...AXIS} />
        <Tooltip contentStyle={TOOLTIP_STYLE} formatter={(v) => formatCount(Number(v))} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="requests" fill="#58a6ff" isAnimationActive={false} />
        <Bar dataKey="errors" fill="#f85149" isAnimationActive={false} />
        <Bar dataKey="unauthenticated" name="anonymous" fill="#d29922" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
