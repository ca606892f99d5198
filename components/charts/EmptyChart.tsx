import type { ReactNode } from 'react';

/** What a chart with nothing to draw says instead of empty axes (a flat line at 0 reads as data), at the chart's height. */
export function EmptyChart({ height, children }: { height: number; children: ReactNode }) {
  return <p className="muted" style={{ height, margin: 0, display: 'grid', placeItems: 'center', textAlign: 'center' }}>{children}</p>;
}
