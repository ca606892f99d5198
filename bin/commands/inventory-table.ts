import type { InventoryExport } from '../../lib/db/inventory-export';
import { countOf, tally } from '../../lib/inventory/count-map';
import { counted } from '../counted';
import { terminalText } from '../terminal-text';
import { alignColumns } from '../text-columns';

const HEADER = ['STATE', 'METHOD', 'ENDPOINT', 'REQUESTS', 'TRIAGE', 'API', 'OWNER'];
const REQUESTS = HEADER.indexOf('REQUESTS');

/**
 * `lantern inventory`'s text: a header, one aligned row per endpoint, the counts by state, then the unused operations.
 * Until 7 Dec there was no header and the columns were fixed widths (a path past 60 characters, an API slug longer
 * than another, pushed the rest of its line out of line). Every cell goes through terminalText, not only the paths:
 * with --server the whole answer comes from whatever answered.
 */
export function formatInventory(inv: InventoryExport): string {
  const lines: string[] = [];
  if (inv.endpoints.length > 0) {
    const rows = inv.endpoints.map((e) => [e.state, e.method, `${e.host}${e.path}`, String(e.requests), e.triage, e.api ?? '-', e.owner ?? '-'].map(terminalText));
    lines.push(...alignColumns([HEADER, ...rows], [REQUESTS]), '');
  }
  const counts = tally(inv.endpoints.map((e) => e.state));
  lines.push(`${inv.endpoints.length} endpoints: ${countOf(counts, 'documented')} documented, ${countOf(counts, 'shadow')} shadow, ${countOf(counts, 'zombie')} zombie`);
  // A server before 7 Dec sends neither (and lists those endpoints).
  const none = { endpoints: 0, requests: 0 };
  const [notFound, preflights] = [inv.notFound ?? none, inv.preflights ?? none];
  if (notFound.endpoints > 0) lines.push('', `${counted(notFound.requests, 'request')} to ${counted(notFound.endpoints, 'undocumented endpoint')} that only got 404/405 not listed (--include-not-found)`);
  if (preflights.endpoints > 0) lines.push('', `${counted(preflights.requests, 'CORS preflight request')} (OPTIONS) to ${counted(preflights.endpoints, 'undocumented endpoint')} not listed (--include-preflights)`);
  if (inv.unused.length > 0) {
    lines.push('', `unused operations (${inv.unused.length}):`);
    const rows = inv.unused.map((u) => [u.method, u.path, u.operationId ?? '', `(${u.api})`].map(terminalText));
    lines.push(...alignColumns(rows).map((line) => `  ${line}`));
  }
  return `${lines.join('\n')}\n`;
}
