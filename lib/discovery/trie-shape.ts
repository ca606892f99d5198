import type { EvidenceAccumulator } from './evidence';
import { isApiVersionLiteral, isFileName, isRootApiVersion, RESERVED_LITERALS } from './segment-types';
import { hasPrefix, isPlaceholder, parsePlaceholder } from './typed-segment';

/**
 * What the shape of a templating trie's subtrees says (lib/discovery/templating.ts): requests below a node, the
 * methods at its end, and whether sibling subtrees look like the values of one parameter or like an API's names.
 */
export interface Node {
  children: Map<string, Node>;
  leaves: Map<string, EvidenceAccumulator>;
}

export function sameLeaves(nodes: Node[]): boolean {
  const first = leafMethods(nodes[0]);
  return nodes.every((n) => n.children.size === 0 && leafMethods(n) === first);
}

/** Remembered per node: every level asks it of its children, and the outlier check asks again. */
const requestsBelowCache = new WeakMap<Node, number>();

export function requestsBelow(node: Node): number {
  let n = requestsBelowCache.get(node);
  if (n !== undefined) return n;
  n = 0;
  for (const ev of node.leaves.values()) n += ev.requests;
  for (const child of node.children.values()) n += requestsBelow(child);
  requestsBelowCache.set(node, n);
  return n;
}

export function leafMethods(node: Node): string {
  return [...node.leaves.keys()].sort().join(',');
}

/**
 * Enum-valued parameters in long templates (`/{project}/{access}/{agent}/{granularity}/…`) have few
 * values, but every value leads to paths of the same length, at least two levels deeper.
 */
export function sameDeepShape(nodes: Node[]): boolean {
  const profiles = nodes.map(depthProfile);
  const first = profiles[0];
  return first.length > 0 && first[0] >= 2 && profiles.every((p) => p.length === first.length && p.every((d, i) => d === first[i]));
}

/** One key (a name or a typed placeholder) right below every node: `daily` and `monthly` each followed by a date. */
export function shareAnyChild(nodes: Node[]): boolean {
  const [first, ...rest] = nodes;
  for (const key of first.children.keys()) if (rest.every((n) => n.children.has(key))) return true;
  return false;
}

function depthProfile(node: Node): number[] {
  const depths = new Set<number>();
  const walk = (n: Node, d: number) => {
    if (n.leaves.size > 0) depths.add(d);
    for (const c of n.children.values()) walk(c, d + 1);
  };
  walk(node, 0);
  return [...depths].sort((a, b) => a - b);
}

/**
 * Named sub-resources below every value (`/teams/core/members`, `/teams/infra/members`), making up at least half
 * of what follows each: typed IDs are no names, and two collections that happen to hold an item of the same name
 * (`/verification_reports/bob`, `/verification_sessions/bob`) share a value, not a sub-resource.
 */
export function shareSubResource(nodes: Node[]): boolean {
  if (nodes.some((n) => n.children.size === 0)) return false;
  const [first, ...rest] = nodes;
  let shared = 0;
  for (const key of first.children.keys()) if (isNamed(key) && !isVersion(key) && rest.every((n) => n.children.has(key))) shared++;
  return shared > 0 && nodes.every((n) => 2 * shared >= n.children.size);
}

/**
 * A version below each is no sub-resource they share: each is an API of its own, versioned (Kubernetes' API groups
 * `/apis/apps/v1/…`, `/apis/networking.k8s.io/v1/…`; Atlassian's `/rest/agile/1.0/…`, `/rest/build-status/1.0/…`).
 * Until 6 Dec they merged into `/apis/{apiId}/v1/…`, and their resources below (`deployments`, `ingresses`) with them.
 */
function isVersion(key: string): boolean {
  return isApiVersionLiteral(key) || isRootApiVersion(key);
}

/**
 * Each node leads to a few names of its own (an owner's repositories, a registry namespace's images: no name below
 * every node), and what follows those shares three or more names, at least half of them for every node, one of those
 * leading further (`issues/42`): a resource's sub-resources, where a few verbs (`list`, `get`) are no sign. Nodes each
 * followed by many names, or by the same ones, are an API's names (Wikimedia's metrics, each followed by every
 * project asked about, then the same access enum: `/metrics/pageviews/{aggregate,top}/{project}/{access}/…`).
 */
export function shareGrandSubResources(nodes: Node[]): boolean {
  const [first, ...rest] = nodes;
  for (const key of first.children.keys()) if (isNamed(key) && rest.every((n) => n.children.has(key))) return false;
  if (2 * nodes.filter((n) => n.children.size < FEW_NAMES).length < nodes.length) return false;
  const below = nodes.map(grandChildren);
  if (below.some((m) => m.size === 0)) return false;
  const shared = [...below[0].keys()].filter((k) => below.every((m) => m.has(k)));
  return shared.length >= 3 && below.every((m) => 2 * shared.length >= m.size) && shared.some((k) => below.every((m) => m.get(k)));
}

const FEW_NAMES = 5;

/**
 * Tenants each calling a few of one API's sub-resources (Sentry's `/organizations/acme/{projects,issues,members}`,
 * `/organizations/globex/{projects,releases}`, `/organizations/initech/{issues,monitors}`): no name is under every one,
 * as shareSubResource wants, but each is an endpoint itself answering the same methods, each shares a name with
 * another, and one name is under half of them at least. An API's own names (Wikimedia's metrics, each followed by its
 * own aggregates) are rarely endpoints themselves, and one under a namespace is left out by the caller.
 */
export function shareVocabulary(nodes: Node[]): boolean {
  if (nodes.length < 3) return false;
  const methods = leafMethods(nodes[0]);
  const counts = new Map<string, number>();
  for (const n of nodes) {
    if (n.leaves.size === 0 || leafMethods(n) !== methods || n.children.size === 0) return false;
    for (const key of n.children.keys()) if (isNamed(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  if (![...counts.values()].some((c) => 2 * c >= nodes.length)) return false;
  return nodes.every((n) => [...n.children.keys()].some((k) => (counts.get(k) ?? 0) >= 2));
}

/** The literal keys two levels below a node, through its literal children, each with whether it leads further. */
function grandChildren(node: Node): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const [key, child] of node.children) {
    if (!isNamed(key)) continue;
    for (const [k, g] of child.children) if (isNamed(k)) out.set(k, (out.get(k) ?? false) || g.children.size > 0);
  }
  return out;
}

/**
 * Followed by typed IDs only (files' names among them: `/files/report.pdf`); a version or a date after a name is no
 * item of a collection (`/ds-api/{dataset}/1.0`).
 * The reserved words a collection has beside its items (`/users/me`, `/orders/search`, `/items/count`) are its own:
 * until 6 Dec one `/api/users/me` made `users` no collection, and five quiet collections merged into `/api/{apiId}/{param}`.
 */
export function isCollection(node: Node): boolean {
  let ids = 0;
  for (const key of node.children.keys()) {
    if (isId(key)) ids++;
    // A file's name beside IDs is one more item; alone it is no sign of a collection (`/shop/acme/logo.png`).
    else if (!RESERVED_LITERALS.has(key) && !isFileName(key)) return false;
  }
  return ids > 0;
}

const ID_TYPES = new Set(['int', 'uuid', 'objectid', 'hex', 'token', 'email', 'ip']);

export function hasIdChild(node: Node): boolean {
  for (const key of node.children.keys()) if (isId(key)) return true;
  return false;
}

/** A typed ID right here; an OData key (`Products({productId})`) is an item of its set, named like a sub-resource. */
function isId(key: string): boolean {
  return isPlaceholder(key) && !hasPrefix(key) && ID_TYPES.has(parsePlaceholder(key).type);
}

function isNamed(key: string): boolean {
  return !isPlaceholder(key) || hasPrefix(key);
}
