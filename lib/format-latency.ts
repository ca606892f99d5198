import type { LatencyFigures } from './discovery/latency-summary';
import { formatCount } from './format-count';

/**
 * A latency as people read it: three significant digits at most (the percentiles are estimates within 9.1%, more
 * digits would claim a precision they lack), seconds from 1 s on. Shared by the endpoint page and anything else.
 */
export function formatLatency(ms: number): string {
  // 999.6 ms rounds to 1000 ms: said as 1 s.
  if (ms >= 999.5) return `${trim(ms / 1000)} s`;
  return `${trim(ms)} ms`;
}

function trim(n: number): string {
  if (n >= 100) return String(Math.round(n));
  return String(Number(n.toPrecision(n >= 1 ? 3 : 2)));
}

/** The endpoint page's line: typical and tail, the max, and how many requests were timed. */
export function formatLatencyLine(l: LatencyFigures): string {
  return `p50 ${formatLatency(l.p50)} · p95 ${formatLatency(l.p95)} · p99 ${formatLatency(l.p99)} · max ${formatLatency(l.max)} (${formatCount(l.count)} timed)`;
}
