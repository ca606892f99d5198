import { isPlural } from './namespace-kinds';
import type { Node } from './trie-shape';
import { placeholder } from './typed-segment';

/**
 * OData's keys in a path no OData name marks (`/api/Products(1)`, an ASP.NET OData service routed under `/api`): an
 * unquoted number in parentheses is a title's qualifier as often as a key (`/wiki/Heat(1995)`), so it is no key when
 * observed (typed-segment.ts WRITTEN_TYPES), and each entity was a literal, or one more value of the position with the
 * other sets' (`/api/{param}` for Products, Orders and Customers). Judged here over the position's literals: an entity
 * set is a plural name (`Products`, `accounts`; a film's title is not), and two keys or more of one set, or keys of two
 * sets or more, are keys, `Products({productId})` as an OData path's are. A lone `Products(1)` stays a literal as any
 * lone value does.
 */
const UNQUOTED_INT_KEY = /^([A-Za-z][\w.]{0,127}[A-Za-z0-9])\((\d{1,19})\)$/;

/** Moves each such set's keyed children under the placeholder an OData path gives them (`\0int\0)\0Products(`). */
export function keyUnmarkedODataSets(node: Node, isProtected: (literal: string) => boolean): void {
  const bySet = new Map<string, string[]>();
  for (const key of node.children.keys()) {
    const m = UNQUOTED_INT_KEY.exec(key);
    if (!m || !isPlural(m[1]) || isProtected(key)) continue;
    const keys = bySet.get(m[1]);
    if (keys) keys.push(key);
    else bySet.set(m[1], [key]);
  }
  // Keys of several sets side by side say OData as much: each set's lone key too (until 7 Dec `/api/{param}` for all).
  const severalSets = bySet.size >= 2;
  for (const [set, keys] of bySet) {
    if (keys.length < 2 && !severalSets) continue;
    const target = placeholder('int', ')', `${set}(`);
    for (const key of keys) {
      const child = node.children.get(key)!;
      node.children.delete(key);
      const existing = node.children.get(target);
      node.children.set(target, existing ? mergedNode(existing, child) : child);
    }
  }
}

/** `Products({productId})`: a key of a set this file keys (a plural name), which a title's `Heat({heatId})` is not. */
export function isEntitySetKey(segment: string): boolean {
  return isPlural(/^([A-Za-z][\w.]*)\(/.exec(segment)?.[1]);
}

function mergedNode(a: Node, b: Node): Node {
  for (const [method, ev] of b.leaves) {
    const acc = a.leaves.get(method);
    if (acc) acc.merge(ev);
    else a.leaves.set(method, ev);
  }
  for (const [key, child] of b.children) {
    const t = a.children.get(key);
    a.children.set(key, t ? mergedNode(t, child) : child);
  }
  return a;
}
