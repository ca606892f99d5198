import type { Matcher, ServerRoot } from '../openapi/matcher';
import type { TrieNode } from '../openapi/spec-trie';

/**
 * Where templating stands in the host's specs while it walks observed paths. Undocumented traffic
 * mostly lives next to documented paths (a hidden method, a new sub-resource), and the spec already
 * says which positions are parameters there: `/repos/{owner}/{repo}/…` needs no guessing.
 */
export type SpecCursor = { kind: 'base'; root: ServerRoot; i: number } | { kind: 'node'; node: TrieNode };

export interface SpecPosition {
  /** The specs know this position at all (some documented path passes through it). */
  known: boolean;
  literals: Set<string>;
  /** Name of the parameter the spec puts here, if any (first spec wins, by server order). */
  paramName?: string;
  /** Suffix of an affixed parameter here (`{id}.json` → `.json`). */
  paramSuffixes: Set<string>;
  multiName?: string;
}

export function startCursors(matcher: Matcher, host: string): SpecCursor[] {
  return matcher.roots
    .filter((r) => !r.host || r.host === host || host === '')
    .map((root): SpecCursor => (root.baseSegments.length > 0 ? { kind: 'base', root, i: 0 } : { kind: 'node', node: root.root }));
}

export function positionOf(cursors: readonly SpecCursor[]): SpecPosition {
  // A position is known when a documented path continues through it; a documented leaf says nothing below it.
  const pos: SpecPosition = { known: false, literals: new Set(), paramSuffixes: new Set() };
  for (const c of cursors) {
    if (c.kind === 'base') {
      pos.known = true;
      pos.literals.add(c.root.baseSegments[c.i]);
      continue;
    }
    const n = c.node;
    if (n.literals.size > 0 || n.affixed.length > 0 || n.param || n.multi) pos.known = true;
    for (const lit of c.node.literals.keys()) pos.literals.add(lit);
    if (c.node.param) {
      pos.paramName ??= c.node.param.name;
      pos.paramSuffixes.add('');
    }
    for (const a of c.node.affixed) {
      if (a.prefix !== '') continue;
      pos.paramName ??= a.name;
      pos.paramSuffixes.add(a.suffix);
    }
    if (c.node.multi) pos.multiName ??= c.node.multi.name;
  }
  return pos;
}

/** Moves every cursor past a decided segment: a literal value, or a parameter with the given suffix. */
export function advance(cursors: readonly SpecCursor[], seg: { literal: string } | { paramSuffix: string }): SpecCursor[] {
  const out: SpecCursor[] = [];
  for (const c of cursors) {
    if (c.kind === 'base') {
      if ('literal' in seg && c.root.baseSegments[c.i] === seg.literal) {
        out.push(c.i + 1 === c.root.baseSegments.length ? { kind: 'node', node: c.root.root } : { kind: 'base', root: c.root, i: c.i + 1 });
      }
      continue;
    }
    const n = c.node;
    if ('literal' in seg) {
      const lit = n.literals.get(seg.literal);
      if (lit) out.push({ kind: 'node', node: lit });
      // A value kept literal may still be what the spec calls a parameter: keep following that branch.
      else if (n.param) out.push({ kind: 'node', node: n.param.node });
      else {
        const a = n.affixed.find((x) => seg.literal.startsWith(x.prefix) && seg.literal.endsWith(x.suffix));
        if (a) out.push({ kind: 'node', node: a.node });
      }
    } else {
      if (seg.paramSuffix === '' && n.param) out.push({ kind: 'node', node: n.param.node });
      for (const a of n.affixed) if (a.prefix === '' && a.suffix === seg.paramSuffix) out.push({ kind: 'node', node: a.node });
    }
  }
  return out;
}
