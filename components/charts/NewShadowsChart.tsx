'use client';

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { InventoryStats } from '@/lib/inventory/inventory-stats';
import { AXIS, STATE_COLORS, TOOLTIP_STYLE } from './chart-colors';
import { formatCount } from '@/components/common/format-count';
import { EmptyChart } from './EmptyChart';
import { countAxisTickCount } from '@/lib/count-axis';

export function NewShadowsChart({ data }: { data: InventoryStats['newShadowsByWeek'] }) {
  return (
    <figure className="chart" aria-label="New shadow endpoints per week">
      <figcaption>New shadow endpoints per week</figcaption>
      {data.every((w) => w.count === 0) ? <EmptyChart height={180}>No new shadow endpoints in the last {data.length} weeks.</EmptyChart> : (
        <ResponsiveContainer width="100%" height={180}>
          <BarChart data={data} margin={{ top: 4, right: 8, left: 0, bottom: 0 }}>
            <CartesianGrid stroke="#2b3642" vertical={false} />
            <XAxis dataKey="week" tickFormatter={(d: string) => d.slice(5)} {...AXIS} />
            <YAxis width={40} allowDecimals={false} tickCount={countAxisTickCount(Math.max(...data.map((w) => w.count)))} tickFormatter={formatCount} {...AXIS} />
            <Tooltip contentStyle={TOOLTIP_STYLE} formatter={(v) => formatCount(Number(v))} />
            <Bar dataKey="count" name="new shadows" fill={STATE_COLORS.shadow} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}
