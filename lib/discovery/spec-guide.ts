import { sameHost, type Matcher, type ServerRoot } from '../openapi/matcher';
import { fitsAffixed, type TrieNode } from '../openapi/spec-trie';
import { affixKey } from './typed-segment';

/**
 * Where templating stands in the host's specs while it walks observed paths. Undocumented traffic
 * mostly lives next to documented paths (a hidden method, a new sub-resource), and the spec already
 * says which positions are parameters there: `/repos/{owner}/{repo}/…` needs no guessing.
 */
export type SpecCursor = { kind: 'base'; root: ServerRoot; i: number } | { kind: 'node'; node: TrieNode; weak?: boolean; anyHost?: boolean };

/**
 * Weak cursors follow the siblings of a new literal: `/media/math/check/…` is new, but its siblings
 * `formula/{hash}` and `render/{format}/…` say the next position is usually a parameter. They only
 * ever add parameter evidence, never static-namespace evidence. Capped to keep fan-out small.
 */
const MAX_CURSORS = 64;

export interface SpecPosition {
  /** The specs know this position at all (some documented path passes through it). */
  known: boolean;
  literals: Set<string>;
  /** Name of the parameter the spec puts here, if any (first spec wins, by server order). */
  paramName?: string;
  /** Suffix of an affixed parameter here (`{id}.json` → `.json`). */
  paramSuffixes: Set<string>;
  /** Each suffix's own parameter name (`''` for a plain parameter), first spec wins: `{docId}` and `{name}.json` differ. */
  suffixNames: Map<string, string>;
  /** Names of the parameters with a prefix here (OData's `Products({ID})`), by affixKey. */
  prefixedNames: Map<string, string>;
  multiName?: string;
  /** Segments the spec writes with several parameters here (`{name}.{ext}`), most fixed text first, as written. */
  partsParams: Array<{ parts: string[]; spelling: string }>;
  /** Only sibling paths put a parameter here (see weak cursors). */
  weakParamName?: string;
}

export function startCursors(matcher: Matcher, host: string): SpecCursor[] {
  return matcher.roots
    .filter((r) => !r.host || (host === '' ? !r.hostOnly : sameHost(r.host, host)))
    .map((root): SpecCursor => (root.baseSegments.length > 0 ? { kind: 'base', root, i: 0 } : { kind: 'node', node: root.root, ...(root.host ? {} : { anyHost: true }) }));
}

export function positionOf(cursors: readonly SpecCursor[]): SpecPosition {
  // A position is known when a documented path continues through it; a documented leaf says nothing below it.
  const pos: SpecPosition = { known: false, literals: new Set(), paramSuffixes: new Set(), suffixNames: new Map(), prefixedNames: new Map(), partsParams: [] };
  let weak = 0;
  let weakWithParam = 0;
  for (const c of cursors) {
    if (c.kind === 'base') {
      // A base path is where the API is mounted, not a namespace it documents: it keeps its own segment, and says
      // nothing of the names beside it (until 7 Dec Docker's host-less `/v1.41` made every host's root a known
      // position, and five of a site's files there were one `/{param}`).
      pos.literals.add(c.root.baseSegments[c.i]);
      continue;
    }
    const n = c.node;
    if (c.weak) {
      weak++;
      if (n.param) {
        weakWithParam++;
        pos.weakParamName ??= n.param.name;
      }
      continue;
    }
    // The top-level names of a spec any host may serve (no servers) are its own, not every host's namespaces: they keep
    // their segments and say nothing of the names beside them, as a base path does (until 7 Dec a spec with two such
    // paths made five of any site's files one `/{param}`).
    if (n.affixed.length > 0 || n.param || n.multi || (n.literals.size > 0 && !c.anyHost)) pos.known = true;
    for (const lit of c.node.literals.keys()) pos.literals.add(lit);
    if (c.node.param) {
      pos.paramName ??= c.node.param.name;
      pos.paramSuffixes.add('');
      if (!pos.suffixNames.has('')) pos.suffixNames.set('', c.node.param.name);
    }
    for (const a of c.node.affixed) {
      if (a.parts) {
        const parts = a.parts;
        if (!pos.partsParams.some((p) => sameParts(p.parts, parts))) pos.partsParams.push({ parts, spelling: spellParts(parts, a.name.split('+')) });
        continue;
      }
      if (a.prefix !== '') {
        if (!pos.prefixedNames.has(affixKey(a.prefix, a.suffix))) pos.prefixedNames.set(affixKey(a.prefix, a.suffix), a.name);
        continue;
      }
      pos.paramName ??= a.name;
      pos.paramSuffixes.add(a.suffix);
      if (!pos.suffixNames.has(a.suffix)) pos.suffixNames.set(a.suffix, a.name);
    }
    if (c.node.multi) pos.multiName ??= c.node.multi.name;
  }
  // Siblings are evidence only when most of them agree that a parameter comes next.
  if (weakWithParam * 2 < weak) delete pos.weakParamName;
  return pos;
}

/**
 * Moves every cursor past a decided segment: a literal value, or a parameter with the given suffix.
 * `structural` literals (ones the specs or the reserved list define) are API structure: when the spec
 * has no such child, the siblings are followed weakly instead of the spec's parameter branch.
 */
export function advance(cursors: readonly SpecCursor[], seg: { literal: string; structural: boolean } | { paramSuffix: string } | { parts: string[] }): SpecCursor[] {
  const out: SpecCursor[] = [];
  for (const c of cursors) {
    if (c.kind === 'base') {
      if ('literal' in seg && c.root.baseSegments[c.i] === seg.literal) {
        out.push(c.i + 1 === c.root.baseSegments.length ? { kind: 'node', node: c.root.root } : { kind: 'base', root: c.root, i: c.i + 1 });
      }
      continue;
    }
    const n = c.node;
    const weak = c.weak === true;
    if ('parts' in seg) {
      for (const a of n.affixed) if (a.parts && sameParts(a.parts, seg.parts)) out.push({ kind: 'node', node: a.node, weak });
    } else if ('literal' in seg) {
      const lit = n.literals.get(seg.literal);
      const a = n.affixed.find((x) => fitsAffixed(x, seg.literal));
      if (lit) {
        out.push({ kind: 'node', node: lit, weak });
        // A documented collection that is a leaf (`/v1/issuer_fraud_records`) says nothing about what
        // lies below it; its siblings (`/v1/customers/{customer}`, …) do. Only plural nouns: below a
        // verb-like leaf (`/transfer`) new words are more actions (`accept`, `reject`), not items.
        if (!weak && isLeaf(lit) && /[^s]s$/.test(seg.literal)) for (const sibling of n.literals.values()) if (sibling !== lit) out.push({ kind: 'node', node: sibling, weak: true });
      }
      // A value kept literal for lack of evidence may still be what the spec calls a parameter.
      else if (n.param && !seg.structural) out.push({ kind: 'node', node: n.param.node, weak });
      else if (a && !seg.structural) out.push({ kind: 'node', node: a.node, weak });
      // Siblings are followed one level only: analogies of analogies are noise. Not a host-less spec's top-level
      // paths: a site's `/webfonts/…` is no analogy of them.
      else if (!weak && !c.anyHost) for (const sibling of n.literals.values()) out.push({ kind: 'node', node: sibling, weak: true });
    } else {
      if (seg.paramSuffix === '' && n.param) out.push({ kind: 'node', node: n.param.node, weak });
      for (const a of n.affixed) if (!a.parts && affixKey(a.prefix, a.suffix) === seg.paramSuffix) out.push({ kind: 'node', node: a.node, weak });
    }
  }
  // Strong cursors first, so the cap never drops what the spec says for certain.
  return out.length <= MAX_CURSORS ? out : [...out.filter((c) => !(c.kind === 'node' && c.weak)), ...out.filter((c) => c.kind === 'node' && c.weak)].slice(0, MAX_CURSORS);
}

function sameParts(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}

/** `['', '.', '']` and `name`, `ext` → `{name}.{ext}` (spec-trie joins the names of one segment with `+`). */
function spellParts(parts: readonly string[], names: readonly string[]): string {
  return parts.map((p, i) => (i < names.length ? `${p}{${names[i]}}` : p)).join('');
}

function isLeaf(node: TrieNode): boolean {
  return node.literals.size === 0 && node.affixed.length === 0 && !node.param && !node.multi;
}

/**
 * The suffix of the spec's own parameter this value fits (`intro.json` under `/docs/{name}.json`), longest first: the
 * spec says what the segment is, where two values alone made `/docs/{docId}` (a format suffix is shared from three).
 * As the matcher compares, case-sensitively.
 */
export function specSuffix(pos: SpecPosition, value: string): string | undefined {
  let best: string | undefined;
  for (const s of pos.suffixNames.keys()) if (s !== '' && value.length > s.length && value.endsWith(s) && s.length > (best?.length ?? 0)) best = s;
  return best;
}

/** Whether a spec puts a parameter or literals at this position, or sibling paths do (templating.ts chooseMerged's cases). */
export function saysAnything(pos: SpecPosition): boolean {
  return pos.known || pos.paramName !== undefined || pos.weakParamName !== undefined || pos.multiName !== undefined;
}
