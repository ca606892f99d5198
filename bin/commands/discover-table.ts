import type { DiscoveredEndpoint, DiscoveryResult } from '../../lib/discovery/classify';
import { counted } from '../counted';
import { terminalText } from '../terminal-text';
import { alignColumns } from '../text-columns';

const STATES = ['shadow', 'zombie', 'documented'] as const;

/** The human-readable `discover` output: one section per state, most urgent first, then unused. */
export function formatDiscoveryTable(result: DiscoveryResult): string {
  const lines: string[] = [];
  for (const state of STATES) {
    const rows = result.endpoints.filter((e) => e.state === state);
    lines.push(`${state.toUpperCase()} (${rows.length})`);
    if (rows.length === 0) lines.push('  none');
    else lines.push(...table(rows.map(endpointRow)));
    lines.push('');
  }
  lines.push(`UNUSED (${result.unused.length})`);
  if (result.unused.length === 0) lines.push('  none');
  else lines.push(...table(result.unused.map((u) => [u.method, terminalText(u.path), terminalText(u.operationId ?? ''), u.deprecated ? 'deprecated' : ''])));
  const { notFound, preflights, proxyRefused, overflow } = result.stats;
  if (notFound > 0) lines.push('', `${counted(notFound, 'request')} to undocumented paths that only got 404/405 not listed (--include-not-found)`);
  if (preflights > 0) lines.push('', `${counted(preflights, 'CORS preflight request')} (OPTIONS) to undocumented paths not listed (--include-preflights)`);
  if (proxyRefused > 0) lines.push('', `${counted(proxyRefused, 'request')} a proxy refused (407, 511) not counted: the API never got them`);
  if (overflow > 0) lines.push('', `warning: ${counted(overflow, 'request')} dropped after the distinct-path limit`);
  return `${lines.join('\n')}\n`;
}

function endpointRow(e: DiscoveredEndpoint): string[] {
  const sunsetReason = e.zombieReasons?.some((r) => r === 'sunset-passed' || r === 'api-sunset-passed') ?? false;
  const notes = [...(e.zombieReasons ?? []), ...(e.sunsetPassed && !sunsetReason ? ['past-sunset-no-calls-since'] : []), ...e.findings.map((f) => f.kind)];
  return [e.method, terminalText(`${e.host}${e.path}`), String(e.requests), terminalText(e.operationId ?? ''), notes.join(', ')];
}

function table(rows: string[][]): string[] {
  return alignColumns(rows).map((line) => `  ${line}`);
}
