import { latencyFigures, type LatencySummary } from '../discovery/latency-summary';
import { jsonColumn } from './json-column';

/**
 * An endpoint's latency summary as stored: the summary itself and its p95 beside it, which the inventory sorts by
 * (a JSON column cannot be). Every write of the summary goes through here so the two never disagree; rows written
 * before the column existed get it at serve's start (lib/db/stored-latency-p95.ts).
 */
export function latencyColumns(l: LatencySummary) {
  return { latency: jsonColumn(l), latencyP95Ms: latencyFigures(l)?.p95 ?? null };
}
