/**
 * Rows of cells as lines whose columns line up, each column as wide as its widest cell (header included), two spaces
 * between: the one table layout of the CLI's text output (`discover`, `inventory`). Counts are right-aligned when
 * `rightAligned` names their columns, so their digits line up. Cells are printed as given: text from traffic goes
 * through terminalText first (terminal-text.ts), by the caller, which knows which cells came from where.
 */
export function alignColumns(rows: readonly (readonly string[])[], rightAligned: readonly number[] = []): string[] {
  if (rows.length === 0) return [];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (rightAligned.includes(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd());
}
