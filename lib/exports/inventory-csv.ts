import type { EndpointSummary } from '../inventory/endpoint-query';

// Added columns go last, so columns read by position keep their place: `ignored` (since 6 Dec: an export with
// `includeIgnored` lists the endpoints an ignore override hides, which the CSV could not tell from the others), then
// the latency percentiles in ms (since 6 Dec; empty when no source timed the endpoint's requests), then `unlisted`
// (since 7 Dec: an export with `includeUnlisted` lists the 404/405-only and preflight shadows `check` leaves out).
const COLUMNS = ['state', 'method', 'host', 'path', 'api', 'owner', 'triage', 'requests', 'firstSeen', 'lastSeen', 'authKinds', 'sensitive', 'statuses', 'ignored', 'p50Ms', 'p95Ms', 'unlisted'] as const;

/** RFC 4180 CSV; cells that a spreadsheet would run as a formula are prefixed with `'` (CSV injection). */
export function inventoryCsv(items: EndpointSummary[]): string {
  return inventoryCsvHeader() + inventoryCsvRows(items);
}

/** The header line; the rows follow page by page (inventoryCsvRows), so an export of any size is streamed. */
export function inventoryCsvHeader(): string {
  return csvLine(COLUMNS);
}

export function inventoryCsvRows(items: EndpointSummary[]): string {
  let out = '';
  for (const e of items) {
    out += csvLine([
      e.state, e.method, e.host, e.pathTemplate, e.api?.slug ?? '', e.ownerTeam?.slug ?? '', e.triage, String(e.requestCount), e.firstSeen, e.lastSeen,
      Object.keys(e.authCounts).join(' '), e.sensitiveTags.join(' '), Object.entries(e.statusCounts).map(([s, n]) => `${s}:${n}`).join(' '),
      String(e.ignored), e.latency ? String(e.latency.p50) : '', e.latency ? String(e.latency.p95) : '',
      String(e.unlisted),
    ]);
  }
  return out;
}

function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
