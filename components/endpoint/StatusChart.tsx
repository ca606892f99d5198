'use client';

import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS, TOOLTIP_STYLE } from '@/components/charts/chart-colors';
import { formatCount } from '@/components/common/format-count';
import { countAxisTickCount } from '@/lib/count-axis';

const colour = (s: string) => (s.startsWith('2') ? '#3fb950' : s.startsWith('3') ? '#58a6ff' : s.startsWith('4') ? '#d29922' : s.startsWith('5') ? '#f85149' : '#8b98a5');

export function StatusChart({ counts }: { counts: Record<string, number> }) {
  const data = Object.entries(counts).map(([status, count]) => ({ status: status === '0' ? 'no response' : status, count }));
  if (data.length === 0) return <p className="muted">No responses recorded.</p>;
  return (
    <ResponsiveContainer width="100%" height={Math.max(60, data.length * 28)}>
      <BarChart data={data} layout="vertical" margin={{ top: 0, right: 16, left: 0, bottom: 0 }}>
        <XAxis type="number" allowDecimals={false} tickCount={countAxisTickCount(Math.max(...data.map((d) => d.count)))} tickFormatter={formatCount} {...AXIS} />
        {/* interval 0: every status is labelled; by default recharts dropped labels it found too close (200 beside 503). */}
        <YAxis type="category" dataKey="status" width={80} interval={0} {...AXIS} />
        <Tooltip contentStyle={TOOLTIP_STYLE} formatter={(v) => formatCount(Number(v))} />
        <Bar dataKey="count" isAnimationActive={false} shape={(props: unknown) => {
          const p = props as { x: number; y: number; width: number; height: number; payload: { status: string } };
          return <rect x={p.x} y={p.y} width={p.width} height={p.height} fill={colour(p.payload.status)} />;
        }} />
      </BarChart>
    </ResponsiveContainer>
  );
}
