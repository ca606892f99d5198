import { fitsParts, joinBasePath, parsePathTemplate, type TemplateSegment } from './path-template';
import { decodeSegment } from './request-path';
import type { NormalisedSpec, SpecOperation, SpecServer } from './spec-model';

/** One documented path of one spec under one server: the unit the matcher returns. */
export interface PathEntry {
  spec: NormalisedSpec;
  server: SpecServer;
  /** Template as written in the spec, without base path. */
  path: string;
  /** Template as seen on the wire: base path + path. */
  wireTemplate: string;
  segments: TemplateSegment[];
  /** Rank of each segment of `path`, lower is more specific (see segmentRank): compared across specs. */
  specificity: number[];
  operations: Map<string, SpecOperation>;
}

export interface AffixedParam {
  prefix: string;
  suffix: string;
  name: string;
  /** Several parameters in one segment (`{name}.{ext}`): the literal text around them (see fitsParts). */
  parts?: string[];
  node: TrieNode;
}

/** Whether a concrete segment fits an affixed parameter: fixed text around a non-empty value. */
export function fitsAffixed(a: AffixedParam, seg: string): boolean {
  if (a.parts) return fitsParts(a.parts, seg);
  return seg.length > a.prefix.length + a.suffix.length && seg.startsWith(a.prefix) && seg.endsWith(a.suffix);
}

/** Children are kept by kind so lookup order is the precedence order: literal, affixed, plain, multi. */
export interface TrieNode {
  literals: Map<string, TrieNode>;
  affixed: AffixedParam[];
  param?: { name: string; node: TrieNode };
  multi?: { name: string; node: TrieNode };
  entry?: PathEntry;
}

export function emptyNode(): TrieNode {
  return { literals: new Map(), affixed: [] };
}

/** Documented paths of one spec under one server (by default all operations), as a segment trie. */
export function buildServerTrie(spec: NormalisedSpec, server: SpecServer, operations: readonly SpecOperation[] = spec.operations): TrieNode {
  const root = emptyNode();
  const byPath = new Map<string, SpecOperation[]>();
  for (const op of operations) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op]);
  for (const [path, ops] of byPath) {
    const multi = [...new Set(ops.flatMap((o) => o.multiSegment))];
    const segments = parsePathTemplate(path, multi);
    let node = root;
    for (const seg of segments) node = childFor(node, decodedLiterals(seg));
    if (!node.entry) {
      node.entry = { spec, server, path, wireTemplate: joinBasePath(server.basePath, path), segments, specificity: segments.map(segmentRank), operations: new Map() };
    }
    for (const op of ops) {
      // `/items` beside `/items/` is one node (a trailing slash is not significant): the live copy of a method is
      // matched before a deprecated one, as across specs (matcher.ts precedes), else the first in path order. Until 7 Dec
      // the last written won, and calls to a live `/items` counted as zombie calls to a deprecated `/items/`.
      const earlier = node.entry.operations.get(op.method);
      if (!earlier || (earlier.deprecated && !op.deprecated)) node.entry.operations.set(op.method, op);
    }
  }
  return root;
}

/**
 * Request segments are compared percent-decoded (request-path.ts), so the spec's literal text is too:
 * `/caf%C3%A9` in a spec is the `/café` a client sends as `caf%C3%A9`, `caf%c3%a9` or raw UTF-8.
 */
function decodedLiterals(seg: TemplateSegment): TemplateSegment {
  if (seg.kind === 'literal') return seg.value.includes('%') ? { ...seg, value: decodeSegment(seg.value) } : seg;
  if (seg.kind === 'multi' || !(seg.raw ?? seg.prefix + seg.suffix).includes('%')) return seg;
  return { ...seg, prefix: decodeSegment(seg.prefix), suffix: decodeSegment(seg.suffix), ...(seg.parts ? { parts: seg.parts.map(decodeSegment) } : {}) };
}

function childFor(node: TrieNode, seg: TemplateSegment): TrieNode {
  if (seg.kind === 'literal') {
    let next = node.literals.get(seg.value);
    if (!next) node.literals.set(seg.value, (next = emptyNode()));
    return next;
  }
  if (seg.kind === 'multi') return (node.multi ??= { name: seg.name, node: emptyNode() }).node;
  if (seg.prefix === '' && seg.suffix === '' && !seg.parts) return (node.param ??= { name: seg.name, node: emptyNode() }).node;
  const partsKey = seg.parts && JSON.stringify(seg.parts);
  let affixed = node.affixed.find((a) => a.prefix === seg.prefix && a.suffix === seg.suffix && (a.parts && JSON.stringify(a.parts)) === partsKey);
  if (!affixed) {
    affixed = { prefix: seg.prefix, suffix: seg.suffix, name: seg.name, ...(seg.parts ? { parts: seg.parts } : {}), node: emptyNode() };
    node.affixed.push(affixed);
    // Longer fixed text is more specific: `{id}.json.gz` before `{id}.json`.
    node.affixed.sort((a, b) => fixedLength(b) - fixedLength(a));
  }
  return affixed.node;
}

/**
 * The trie's lookup order as a number, so paths from different tries (other specs, other servers) can be
 * ranked the same way: literal 0, affixed between 1 and 2 (more fixed text first), plain parameter 2, multi 3.
 */
function segmentRank(seg: TemplateSegment): number {
  if (seg.kind === 'literal') return 0;
  if (seg.kind === 'multi') return 3;
  const fixed = seg.parts ? seg.parts.join('').length : seg.prefix.length + seg.suffix.length;
  return fixed === 0 && !seg.parts ? 2 : 1 + 1 / (1 + fixed);
}

/** Fixed characters of an affixed segment: more fixed text is more specific. */
function fixedLength(a: AffixedParam): number {
  return a.parts ? a.parts.join('').length : a.prefix.length + a.suffix.length;
}
