import type { PathOverride } from '../discovery/overrides';
import { literalSpelling } from '../discovery/pattern-shape';
import { inferParamName, uniqueNames } from '../discovery/param-names';
import { splitPath } from '../openapi/path-template';
import { percentDecoded } from '../percent-decode';
import { isSecretSegment } from '../security/redact-path';

/**
 * How stored PathOverride rows act on stored wire templates (the discovery engine applies the same rows to raw
 * traffic through lib/discovery/overrides.ts). Pure: takes templates, returns templates.
 * Pattern syntax is the engine's: `/repos/{owner}/{repo}`; `*` or `{name}` matches one segment, a trailing `**`
 * the rest.
 *
 * - merge: a prefix rule. Every template whose first segments match the pattern gets the pattern's parameter
 *   positions as parameters: `/users/{id}` turns `/users/42` and `/users/me/orders` into `/users/{id}` and
 *   `/users/{id}/orders`. Stored rows that end up with the same template are folded into one.
 * - ignore: a whole-path rule (`**` for "and everything below"); matching endpoints are hidden, state kept.
 * - split: a template that has a parameter where the pattern has a literal is removed, so the next ingest
 *   re-templates that traffic with the literal kept (`split /users/search` removes `/users/{userId}`).
 */
type PatternSegment = { kind: 'literal'; value: string } | { kind: 'param'; name?: string } | { kind: 'rest' };

export interface StoredOverride extends PathOverride {
  id: string;
}

export function parsePattern(pattern: string): PatternSegment[] {
  return splitPath(pattern.startsWith('/') ? pattern : `/${pattern}`)
    .filter((s) => s.length > 0)
    .map((s): PatternSegment => {
      if (s === '**') return { kind: 'rest' };
      if (s === '*') return { kind: 'param' };
      const named = /^\{([^{}]+)\}$/.exec(s);
      return named ? { kind: 'param', name: named[1] } : { kind: 'literal', value: literalSpelling(s) };
    });
}

/** `**` anywhere but last, or an empty pattern, is refused rather than guessed at. */
export function patternProblem(pattern: string): string | undefined {
  const secret = patternSecretProblem(pattern);
  if (secret) return secret;
  const segs = parsePattern(pattern);
  if (segs.length === 0) return 'pattern has no segments';
  if (segs.slice(0, -1).some((s) => s.kind === 'rest')) return '`**` may only be the last segment';
  return undefined;
}

/**
 * A pattern is stored, audited and sent to every collector: one copied from a URL with its query, or with a token as
 * a literal segment, would keep the credential traffic never could. The message names the position only. Also what
 * serve's start-up pass removes from overrides stored before these were refused (lib/db/stored-overrides.ts).
 */
export function patternSecretProblem(pattern: string): string | undefined {
  if (/[?#]/.test(pattern)) return 'a pattern is a path: leave out the query string and fragment';
  const secret = secretLiteral(parsePattern(pattern).map((s) => (s.kind === 'literal' ? s.value : undefined)));
  if (secret !== -1) return `segment ${secret + 1} looks like a credential or personal data: write it as * or {name}`;
  return undefined;
}

/**
 * The same refusal for an ownership rule's path prefix (lib/db/ownership.ts), stored, audited and listed as typed: one
 * pasted from a URL would keep its query's or a segment's credential. A query never matched an endpoint anyway.
 */
export function pathPrefixProblem(prefix: string): string | undefined {
  if (/[?#]/.test(prefix)) return 'a path prefix is a path: leave out the query string and fragment';
  const secret = secretLiteral(splitPath(prefix));
  return secret === -1 ? undefined : `segment ${secret + 1} looks like a credential or personal data: leave it out of the prefix`;
}

/**
 * The position of the first literal (undefined: a parameter) carrying a `name=value` pair or what the example-path
 * rules call a credential, judged percent-decoded with the literals before it, as a request's segments are
 * (lib/security/redact-path.ts). Until 7 Dec the escapes themselves were judged (`/files/My%20Document%20v2.pdf` was
 * refused as a credential) and only the one literal before (Zapier's `/hooks/catch/<id>/<key>` was taken).
 */
function secretLiteral(literals: ReadonlyArray<string | undefined>): number {
  const judged = literals.map((s) => (s !== undefined && s.includes('%') ? percentDecoded(s) : s));
  return judged.findIndex((s, i) => s !== undefined && (s.includes('=') || isSecretSegment(s, judged[i - 1], judged[i - 2], judged[i - 3])));
}

const isParamSegment = (s: string): boolean => /\{[^{}]*\}/.test(s);

export function appliesTo(o: PathOverride, host: string, method: string): boolean {
  const h = o.host?.toLowerCase();
  const m = o.method?.toUpperCase();
  return (!h || h === '*' || h === host) && (!m || m === '*' || m === method);
}

/** The template after every applicable merge override, or the template itself. */
export function mergedTemplate(overrides: readonly PathOverride[], host: string, method: string, template: string): string {
  let segments = splitPath(template);
  for (const o of overrides) {
    if (o.action !== 'merge' || !appliesTo(o, host, method)) continue;
    const pattern = parsePattern(o.pattern);
    const fixed = pattern.filter((p) => p.kind !== 'rest');
    if (segments.length < fixed.length) continue;
    if (!fixed.every((p, i) => p.kind !== 'literal' || p.value === segments[i])) continue;
    segments = segments.map((s, i) => {
      const p = fixed[i];
      if (p?.kind !== 'param') return s;
      return `{${p.name ?? inferParamName(i > 0 && !isParamSegment(segments[i - 1]) ? segments[i - 1] : undefined, new Set(['name']))}}`;
    });
  }
  return render(segments);
}

/** The first ignore override that hides this endpoint. */
export function ignoringOverride<O extends PathOverride>(overrides: readonly O[], host: string, method: string, template: string): O | undefined {
  const segments = splitPath(template);
  return overrides.find((o) => {
    if (o.action !== 'ignore' || !appliesTo(o, host, method)) return false;
    const pattern = parsePattern(o.pattern);
    for (let i = 0; i < pattern.length; i++) {
      const p = pattern[i];
      if (p.kind === 'rest') return true;
      if (i >= segments.length) return false;
      if (p.kind === 'literal' && segments[i] !== p.value) return false;
    }
    return pattern.length === segments.length;
  });
}

/** Whether a split override removes this template: a parameter where the pattern keeps a literal. */
export function splitRemoves(o: PathOverride, host: string, method: string, template: string): boolean {
  if (o.action !== 'split' || !appliesTo(o, host, method)) return false;
  const segments = splitPath(template);
  const fixed = parsePattern(o.pattern).filter((p) => p.kind !== 'rest');
  if (segments.length < fixed.length) return false;
  let covers = false;
  for (let i = 0; i < fixed.length; i++) {
    const p = fixed[i];
    if (p.kind !== 'literal') continue;
    if (segments[i] === p.value) continue;
    if (!isParamSegment(segments[i])) return false;
    covers = true;
  }
  return covers;
}

/** Whether a split override keeps this path out of the template: the literal the pattern names is the path's own. */
export function splitKeeps(overrides: readonly PathOverride[], host: string, method: string, template: string, path: string): boolean {
  const segments = splitPath(path);
  return overrides.some((o) => splitRemoves(o, host, method, template) && parsePattern(o.pattern).every((p, i) => p.kind !== 'literal' || segments[i] === p.value));
}

function render(segments: string[]): string {
  if (segments.length === 0) return '/';
  // Two merged positions that inferred the same name (`{id}` twice) get distinct names, as the engine does.
  const plain = /^\{([^{}]+)\}$/;
  const names = uniqueNames(segments.filter((s) => plain.test(s)).map((s) => plain.exec(s)![1]));
  let i = 0;
  return segments.map((s) => `/${plain.test(s) ? `{${names[i++]}}` : s}`).join('');
}
