import type { ExtractReport } from '../../collectors/extract-types';
import type { IngestBatch } from '../../lib/inventory/observation';

/** What an ingest or push run counts: its summary line, and the collector kind and counters its batches carry. */

export type Totals = Record<'exchanges' | 'observations' | 'batches' | 'applied' | 'duplicate', number>;

/** Adds a delivery to the run's summary line. */
export function tally(totals: Totals, exchanges: number, batches: IngestBatch[], r: { applied: number; duplicate: number }): void {
  totals.exchanges += exchanges;
  totals.observations += batches.reduce((n, b) => n + b.observations.length, 0);
  totals.batches += batches.length;
  totals.applied += r.applied;
  totals.duplicate += r.duplicate;
}

/**
 * What a whole input carried, for the batch's collector kind: packets, log records (lines, or documents: a HAR, a
 * JSON export) or both. Until 6 Dec a HAR alone, with neither packets nor lines, was `mixed`.
 */
export function collectorKind(report: ExtractReport): IngestBatch['collector']['kind'] {
  const packets = report.stats.packets ?? 0;
  const records = (report.stats.lines ?? 0) + (report.stats.documents ?? 0);
  return packets > 0 && records === 0 ? 'pcap' : records > 0 && packets === 0 ? 'log' : 'mixed';
}

/** The reader's counters a batch reports to the server (its collector's counters). */
export function pickStats(report: ExtractReport): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of ['bytes', 'packets', 'gaps', 'lines', 'malformed']) if (report.stats[k]) out[k] = Math.round(report.stats[k]);
  return out;
}
