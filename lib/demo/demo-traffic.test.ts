import { expect, test } from 'vitest';
import { LatencyAccumulator, latencyFigures } from '../discovery/latency-summary';
import { generateDemoTraffic } from './demo-traffic';

/**
 * The demo estate is what a first start shows, its inventory table a p95 column since 6 Dec: until then every demo
 * request took 5 to 125 ms whatever the endpoint, so every row read "112 ms", as if the column were broken.
 */
test('demo endpoints answer at their own pace, each with a tail', () => {
  const byEndpoint = new Map<string, LatencyAccumulator>();
  for (const e of generateDemoTraffic(new Date('2026-12-06T12:00:00Z'))) {
    const key = `${e.method} ${e.host}${(e.path ?? '').replace(/\/(?:ch_\w+|\d+)(?=\/|$)/g, '/{id}')}`;
    if (!byEndpoint.has(key)) byEndpoint.set(key, new LatencyAccumulator());
    byEndpoint.get(key)!.add(e.latencyMs!);
  }
  const figures = [...byEndpoint.values()].map((l) => latencyFigures(l.snapshot())!);
  expect(figures.length).toBe(20);
  // Most endpoints differ at the tail the table shows.
  expect(new Set(figures.map((f) => Math.round(f.p95))).size).toBeGreaterThanOrEqual(6);
  // Each has one: its p99 well above its median, as real services have.
  for (const f of figures) expect(f.p99 / f.p50).toBeGreaterThan(1.8);
});
