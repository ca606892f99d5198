'use client';

import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { InventoryStats } from '@/lib/inventory/inventory-stats';
import { AXIS, TOOLTIP_STYLE } from './chart-colors';
import { formatCount } from '@/components/common/format-count';
import { EmptyChart } from './EmptyChart';
import { countAxisTickCount } from '@/lib/count-axis';

const COLORS: Record<string, string> = {
  authenticated: '#3fb950',
  'unauthenticated calls': '#d29922',
  'sensitive data, unauthenticated': '#f85149',
  'auth not observable': '#8b98a5',
};

export function PostureChart({ data }: { data: InventoryStats['posture'] }) {
  return (
    <figure className="chart" aria-label="Endpoints by security posture">
      <figcaption>Posture</figcaption>
      {data.every((b) => b.count === 0) ? <EmptyChart height={180}>No endpoints yet.</EmptyChart> : (
        <ResponsiveContainer width="100%" height={180}>
          <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, left: 0, bottom: 0 }}>
            <XAxis type="number" allowDecimals={false} tickCount={countAxisTickCount(Math.max(...data.map((b) => b.count)))} tickFormatter={formatCount} {...AXIS} />
            <YAxis type="category" dataKey="bucket" width={150} {...AXIS} />
            <Tooltip contentStyle={TOOLTIP_STYLE} formatter={(v) => formatCount(Number(v))} />
            <Bar dataKey="count" name="endpoints" isAnimationActive={false} shape={(props: unknown) => {
              const p = props as { x: number; y: number; width: number; height: number; payload: { bucket: string } };
              return <rect x={p.x} y={p.y} width={p.width} height={p.height} fill={COLORS[p.payload.bucket] ?? '#58a6ff'} />;
            }} />
          </BarChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}
