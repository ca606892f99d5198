/**
 * What an override did, as the audit log says it. Until 7 Dec the event read as the row is stored
 * (`merge * *` then `/carts/{cartId}`: `*` for every method and every host, the host run into the path) and said nothing of
 * which endpoints a merge folded. The split's `; removed <METHOD> <template> (<n> requests), …` tail is kept as it
 * was: lib/db/stored-audit-paths.ts reads it back to redact the templates it names.
 */
export interface OverrideTarget {
  action: string;
  method: string;
  host: string;
  pattern: string;
}

export interface OverrideEffect {
  /** Merge: each stored template that took in others, with the templates it replaced (the row's own old one first). */
  merged?: ReadonlyArray<{ into: string; from: readonly string[] }>;
  /** Split: the stored rows it deleted. */
  removed?: ReadonlyArray<{ method: string; pathTemplate: string; requestCount: number | bigint }>;
}

// Per template merged into: enough to recognise it by, the rest counted (the summary is cut at 1000 characters).
const LISTED = 5;
const MAX = 1000;

export function overrideCreatedSummary(o: OverrideTarget, effect: OverrideEffect = {}): string {
  return cut(o.action === 'merge' ? mergeText(o, effect.merged ?? []) : o.action === 'split' ? splitText(o, effect.removed ?? []) : `${PAST[o.action]} ${subject(o, o.pattern)}`);
}

export function overrideDeletedSummary(o: OverrideTarget): string {
  return cut(`deleted the ${o.action} override of ${subject(o, o.pattern)}`);
}

/**
 * An event an older release wrote (`<action> <method> <host><pattern>` and what followed it: a split's removed rows,
 * the start-up pass's reason for deleting an override) as today's text, that tail kept; undefined for anything else,
 * today's text included (it never has a host before the path's `/`). What a merge folded was not recorded then.
 */
export function rewordedLegacySummary(action: string, summary: string): string | undefined {
  const m = LEGACY.exec(summary);
  if (!m) return undefined;
  const o = { action: m[1], method: m[2], host: m[3], pattern: m[4] };
  const tail = m[5] ?? '';
  if (action === 'override.delete') return cut(`${overrideDeletedSummary(o)}${tail}`);
  if (action !== 'override.create') return undefined;
  return cut(`${PAST[o.action]} ${subject(o, o.pattern)}${tail}`);
}

const PAST: Record<string, string> = { merge: 'merged', split: 'split', ignore: 'ignored' };

// A pattern may hold spaces (a template spelling `%20` as one); a host is never empty, `*` included.
const LEGACY = /^(merge|split|ignore) (\S+) ([^/\s]+)(\/[\s\S]*?)((?:; removed |: its pattern carried a credential$)[\s\S]*)?$/;

function mergeText(o: OverrideTarget, merged: NonNullable<OverrideEffect['merged']>): string {
  const into = new Map<string, Set<string>>();
  for (const m of merged) for (const f of m.from) (into.get(m.into) ?? into.set(m.into, new Set()).get(m.into)!).add(f);
  if (into.size === 0) return `merged ${subject(o, o.pattern)} (no stored endpoint to fold)`;
  const groups = [...into].sort(([a], [b]) => (a < b ? -1 : 1)).map(([target, from]) => {
    const sorted = [...from].sort();
    const more = sorted.length > LISTED ? ` and ${sorted.length - LISTED} more` : '';
    return `${sorted.slice(0, LISTED).join(', ')}${more} into ${target}`;
  });
  return `merged ${subject(o, groups.join('; '))}`;
}

function splitText(o: OverrideTarget, removed: NonNullable<OverrideEffect['removed']>): string {
  const head = `split ${subject(o, o.pattern)}`;
  if (removed.length === 0) return `${head} (no stored endpoint to remove)`;
  return `${head}; removed ${removed.map((r) => `${r.method} ${r.pathTemplate} (${r.requestCount} requests)`).join(', ')}`;
}

/** `GET /a/{id} on shop.test`, `/a/{id} on every host, every method`: `*` spelled out, the host after the path. */
function subject(o: Pick<OverrideTarget, 'method' | 'host'>, what: string): string {
  const where = o.host === '*' ? 'on every host' : `on ${o.host}`;
  return o.method === '*' ? `${what} ${where}, every method` : `${o.method} ${what} ${where}`;
}

function cut(text: string): string {
  return text.slice(0, MAX);
}
