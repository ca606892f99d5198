import type { ExtractReport } from '../collectors/extract-types';

/**
 * Prints what an extraction did to stderr: counters, rates, then warnings and errors. `files` comes second whatever
 * the order the readers' reports were merged in: every file read, captures, logs, HAR and exchange files alike, a
 * directory as the files in it that were read, standard input as one. Until 7 Dec it was the capture reader's alone:
 * `files 1` for a capture, a log and a HAR read together, and no `files` at all for logs.
 */
export function printSummary(report: ExtractReport, elapsedMs: number): void {
  const seconds = Math.max(elapsedMs / 1000, 1e-6);
  const parts = [`exchanges ${report.exchanges}`];
  if (report.stats.files !== undefined) parts.push(`files ${report.stats.files}`);
  for (const [k, v] of Object.entries(report.stats)) if (k !== 'files') parts.push(`${k} ${v}`);
  parts.push(`elapsed ${seconds.toFixed(2)}s`);
  if (report.stats.bytes) parts.push(`${(report.stats.bytes / 1e6 / seconds).toFixed(1)} MB/s`);
  if (report.stats.lines) parts.push(`${Math.round(report.stats.lines / seconds)} lines/s`);
  const lines = [`lantern: ${parts.join(', ')}`];
  const shown = report.warnings.slice(0, 20);
  for (const w of shown) lines.push(`warning: ${w}`);
  if (report.warnings.length > shown.length) lines.push(`warning: … ${report.warnings.length - shown.length} more`);
  for (const e of report.errors) lines.push(`error: ${e}`);
  process.stderr.write(`${lines.join('\n')}\n`);
}
