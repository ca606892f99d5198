import { isPlaceholder, placeholder } from './typed-segment';

/**
 * Keeps the undocumented part of the store bounded when a position carries unbounded name-like
 * values (`/users/<login>/…` for millions of logins). When the store grows past a threshold, every
 * position with more than COLLAPSE_AT distinct unprotected literals has them folded into one `name`
 * placeholder, and later traffic is folded on arrival. Templating would merge such a position anyway
 * (its thresholds are all far lower), so this changes memory, not results.
 */
export const COLLAPSE_AT = 256;
export const NAME = placeholder('name', '');

export interface CollapseNode {
  children: Map<string, CollapseNode>;
  /** Unprotected literals at the next position are folded into NAME. */
  collapse: boolean;
}

interface CountNode {
  children: Map<string, CountNode>;
}

export interface Compactable {
  host: string;
  segments: string[];
}

/** Rewrites one path by the collapse rules of its host; returns the input array when nothing changes. */
export function applyCollapses(root: CollapseNode | undefined, segments: string[], isProtected: (s: string) => boolean): string[] {
  let node = root;
  let out = segments;
  for (let i = 0; i < segments.length && node; i++) {
    let seg = segments[i];
    if (node.collapse && !isPlaceholder(seg) && !isProtected(seg)) {
      if (out === segments) out = [...segments];
      out[i] = seg = NAME;
    }
    node = node.children.get(seg);
  }
  return out;
}

/** Finds the positions to collapse, per host, from the paths currently in the store (all methods together). */
export function findCollapses(paths: Iterable<Compactable>, isProtectedFor: (host: string) => (s: string) => boolean): Map<string, CollapseNode> {
  const roots = new Map<string, CountNode>();
  for (const p of paths) {
    let node: CountNode | undefined = roots.get(p.host);
    if (!node) roots.set(p.host, (node = { children: new Map() }));
    for (const seg of p.segments) {
      let next: CountNode | undefined = node.children.get(seg);
      if (!next) node.children.set(seg, (next = { children: new Map() }));
      node = next;
    }
  }
  const rules = new Map<string, CollapseNode>();
  for (const [host, root] of roots) {
    const rule = { children: new Map(), collapse: false };
    if (findIn(root, rule, isProtectedFor(host))) rules.set(host, rule);
  }
  return rules;
}

function findIn(node: CountNode, rule: CollapseNode, isProtected: (s: string) => boolean): boolean {
  const names = [...node.children.keys()].filter((k) => !isPlaceholder(k) && !isProtected(k));
  if (names.length > COLLAPSE_AT) {
    rule.collapse = true;
    const merged = node.children.get(NAME) ?? { children: new Map() };
    for (const k of names) {
      mergeInto(merged, node.children.get(k)!);
      node.children.delete(k);
    }
    node.children.set(NAME, merged);
  }
  let any = rule.collapse;
  for (const [key, child] of node.children) {
    const childRule: CollapseNode = { children: new Map(), collapse: false };
    if (findIn(child, childRule, isProtected)) {
      rule.children.set(key, childRule);
      any = true;
    }
  }
  return any;
}

function mergeInto(target: CountNode, source: CountNode): void {
  for (const [key, child] of source.children) {
    const t = target.children.get(key);
    if (t) mergeInto(t, child);
    else target.children.set(key, child);
  }
}
