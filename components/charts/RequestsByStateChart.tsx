'use client';

import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { InventoryStats } from '@/lib/inventory/inventory-stats';
import { AXIS, STATE_COLORS, TOOLTIP_STYLE } from './chart-colors';
import { formatCount } from '@/components/common/format-count';
import { EmptyChart } from './EmptyChart';
import { countAxisTickCount } from '@/lib/count-axis';

export function RequestsByStateChart({ data }: { data: InventoryStats['requestsByDay'] }) {
  return (
    <figure className="chart" aria-label="Requests per day by endpoint state">
      <figcaption>Requests per day by state</figcaption>
      {data.every((d) => d.documented + d.shadow + d.zombie === 0) ? <EmptyChart height={180}>No requests in the last {data.length} days.</EmptyChart> : (
        <ResponsiveContainer width="100%" height={180}>
          <AreaChart data={data} margin={{ top: 4, right: 8, left: 0, bottom: 0 }}>
            <CartesianGrid stroke="#2b3642" vertical={false} />
            <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} {...AXIS} />
            <YAxis width={56} allowDecimals={false} tickCount={countAxisTickCount(Math.max(...data.map((d) => d.documented + d.shadow + d.zombie)))} tickFormatter={formatCount} {...AXIS} />
            <Tooltip contentStyle={TOOLTIP_STYLE} formatter={(v) => formatCount(Number(v))} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {(['documented', 'shadow', 'zombie'] as const).map((s) => (
              <Area key={s} type="monotone" dataKey={s} stackId="1" stroke={STATE_COLORS[s]} fill={STATE_COLORS[s]} fillOpacity={0.35} isAnimationActive={false} />
            ))}
          </AreaChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}
