import { formatCount } from '../format-count';

/**
 * The same text as the current version registers nothing (the server answers `unchanged` with that version, whatever
 * label was typed); an older version's text makes it current again (`restored`), under its own label. A label typed
 * that the version does not have is said to be unused (`asked`): until 6 Dec it was dropped without a word.
 */
export function registeredText(r: { status: 'created' | 'restored' | 'unchanged'; spec: { version: string }; reclassified: unknown[]; labelInUse?: string }, asked = ''): string {
  const reclassified = `${formatCount(r.reclassified.length)} endpoint(s) reclassified`;
  const unused = asked !== '' && asked !== r.spec.version ? ` (kept as ${r.spec.version}: label ${asked} not used)` : '';
  if (r.status === 'unchanged') return `Version ${r.spec.version} already has this text and is current: nothing registered${unused}, ${reclassified}.`;
  if (r.status === 'restored') return `Restored version ${r.spec.version}, identical to this text, as current${unused}: ${reclassified}.`;
  if (r.labelInUse) return `Registered version ${r.spec.version} (${labelInUseText(r.labelInUse)}): ${reclassified}.`;
  return `Registered version ${r.spec.version}: ${reclassified}.`;
}

/** A new text whose info.version another version has is stored under a new label (lib/db/spec-version-label.ts). */
export function labelInUseText(inUse: string): string {
  return `info.version ${inUse} is another version's label, with other content`;
}
