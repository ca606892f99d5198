import { formatCount } from '../format-count';

/**
 * The same text as the current version registers nothing (the server answers `unchanged` with that version, whatever
 * label was typed); an older version's text makes it current again (`restored`).
 */
export function registeredText(r: { status: 'created' | 'restored' | 'unchanged'; spec: { version: string }; reclassified: unknown[] }): string {
  const reclassified = `${formatCount(r.reclassified.length)} endpoint(s) reclassified`;
  if (r.status === 'unchanged') return `Version ${r.spec.version} already has this text and is current: nothing registered, ${reclassified}.`;
  if (r.status === 'restored') return `Restored version ${r.spec.version} as current: ${reclassified}.`;
  return `Registered version ${r.spec.version}: ${reclassified}.`;
}
