import { matchOperation, shadowTemplateSpelling, type Matcher } from '../openapi/matcher';
import { fitsParts } from '../openapi/path-template';
import { EvidenceAccumulator } from './evidence';
import type { UnmatchedObservation } from './observe';
import { compileOverrides, isIgnored, overridesAt, type CompiledOverride, type PathOverride } from './overrides';
import { isPlural, kindsSharingItems, withoutOwnNames } from './namespace-kinds';
import { isHashShards } from './hash-shards';
import { isScopeParam, npmPackages, registryValue } from './npm-registry';
import { dayValues, isBareDate } from './dated-root';
import { keyUnmarkedODataSets } from './unmarked-odata';
import { inferParamName, uniqueNames } from './param-names';
import { isApiVersionLiteral, isFileName, isVersionAfterApi, isVersionAfterRestName, RESERVED_LITERALS } from './segment-types';
import { advance, positionOf, saysAnything, specSuffix, startCursors, type SpecCursor, type SpecPosition } from './spec-guide';
import { hasIdChild, isCollection, leafMethods, requestsBelow, sameDeepShape, sameLeaves, shareAnyChild, shareGrandSubResources, shareSubResource, shareVocabulary, type Node } from './trie-shape';
import { affixKey, hasPrefix, isPlaceholder, parsePlaceholder } from './typed-segment';

/**
 * Templating of traffic no operation explains. One segment trie per host (all methods together: a
 * DELETE and a GET on `/users/42` are evidence about the same path), walked top-down beside the
 * host's specs. At each position, a name-like literal (types were abstracted at ingest) becomes a
 * parameter according to what the specs say there:
 *
 *   spec puts a parameter here              → 2 distinct values (1 value is a new static path)
 *   only sibling paths do (weak analogy)    → 2 distinct values, if most siblings agree
 *   spec has only literals here             → 2 × its literal count, between 5 and 25
 *   first segment, no spec                  → never (namespaces and static files live there)
 *   nothing known                           → when they look like values, not like an API's names
 *                                             (looksLikeValues: seen once or twice, no words, sharing a
 *                                             sub-resource, a deep shape; never collections of IDs)
 *
 * Never merged: literals a spec defines for the host, reserved words, `v1`-style versions, `split`
 * overrides; `merge` overrides force a parameter. A busy leaf with its own methods among values is a
 * static sibling. This file is over the usual size because the rules only make sense side by side.
 */

export interface TemplatedEndpoint {
  host: string;
  method: string;
  /** Wire template, parameters in braces: `/v1/users/{userId}`. */
  template: string;
  evidence: EvidenceAccumulator;
}

export interface TemplateOptions {
  matcher: Matcher;
  overrides?: readonly PathOverride[];
}

/**
 * Distinct name-like values, most of them seen once or twice, at a position no spec describes before they
 * are taken for a parameter. Below it, `/v1/widgets` and `/v1/gadgets` stay two static paths; at it, five
 * repository names each seen once are values. Names used again and again are not (looksLikeValues).
 */
export const MIN_DISTINCT_VALUES = 5;
/**
 * Where the spec knows a position and has only literals there, new values become a parameter only
 * past twice the number of documented literals (between MIN_DISTINCT_VALUES and this): a namespace
 * like Stripe's `/v1` with 70 resources can gain several new ones, `/subscriptions/check` cannot
 * gain five siblings that are not user names.
 */
export const MIN_DISTINCT_IN_STATIC = 25;

function staticThreshold(pos: SpecPosition): number {
  return Math.min(MIN_DISTINCT_IN_STATIC, Math.max(MIN_DISTINCT_VALUES, 2 * pos.literals.size));
}

/** The entity set's name in an OData key's prefix (`Products(`), which names the key as a collection names its items. */
const ODATA_SET = /^(.*?)\(/;

const FORMAT_SUFFIX = /.(\.(?:json|xml|html?|txt|csv|yaml|yml|atom|rss))$/i;

type OutSegment = { literal: string } | { param: string; prefix: string; suffix: string; types: Set<string> };

/**
 * Turns unmatched observations into endpoint templates, one segment trie per host. The decisions
 * depend only on the set of observed paths, never on their order: counts and sets, sorted output.
 */
export function templatePaths(observations: Iterable<UnmatchedObservation>, opts: TemplateOptions): TemplatedEndpoint[] {
  const overrides = compileOverrides(opts.overrides);
  const roots = new Map<string, Node>();
  for (const obs of observations) {
    if (isIgnored(overrides, obs.host, obs.method, obs.segments)) continue;
    let root = roots.get(obs.host);
    if (!root) roots.set(obs.host, (root = emptyNode()));
    let node = root;
    for (const seg of obs.segments) {
      let next = node.children.get(seg);
      if (!next) node.children.set(seg, (next = emptyNode()));
      node = next;
    }
    mergeLeaf(node, obs.method, obs.evidence);
  }
  const out: TemplatedEndpoint[] = [];
  for (const [host, root] of roots) {
    const walker: Walker = { host, overrides, hostLiterals: opts.matcher.literalsFor(host), out };
    resolveNode(walker, root, startCursors(opts.matcher, host), []);
  }
  for (const t of out) t.template = shadowTemplateSpelling(matchOperation(opts.matcher, t.host, t.method, t.template), t.template);
  return out.sort((a, b) => cmp(a.host, b.host) || cmp(a.template, b.template) || cmp(a.method, b.method));
}

interface Walker {
  host: string;
  overrides: CompiledOverride[];
  hostLiterals: Set<string>;
  out: TemplatedEndpoint[];
}

function resolveNode(w: Walker, node: Node, cursors: SpecCursor[], prefix: OutSegment[]): void {
  for (const [method, evidence] of node.leaves) w.out.push({ host: w.host, method, template: render(prefix), evidence });
  if (node.children.size === 0) return;
  const pos = positionOf(cursors);
  const decided = prefix.map((s) => ('literal' in s ? s.literal : null));
  const forced = overridesAt(w.overrides, w.host, decided);
  if (!forced.forceParam && !saysAnything(pos)) keyUnmarkedODataSets(node, (v) => forced.keepLiterals.has(v) || w.hostLiterals.has(v));
  const literals: string[] = [];
  const typed: string[] = [];
  for (const key of node.children.keys()) (isPlaceholder(key) ? typed : literals).push(key);
  const isProtected = (v: string): boolean =>
    forced.keepLiterals.has(v) ||
    (!forced.forceParam && (pos.literals.has(v) || w.hostLiterals.has(v) || RESERVED_LITERALS.has(v) || isApiVersionLiteral(v) || isVersionAfterApi(decided[decided.length - 1] ?? undefined, v) || isVersionAfterRestName(decided[decided.length - 2] ?? undefined, decided[decided.length - 1] ?? undefined, v)));
  // A segment the spec writes with several parameters (`{name}.{ext}`): two values fitting it are its values, spelt
  // as the spec spells it (spec-guide.ts skipped such parameters, and until 6 Dec each file was its own endpoint).
  const taken = new Set<string>();
  for (const { parts, spelling } of forced.forceParam ? [] : pos.partsParams) {
    const fit = [...literals.filter((v) => !isProtected(v)), ...typed].filter((k) => !taken.has(k) && fitsParts(parts, k));
    if (fit.length < 2) continue;
    for (const k of fit) taken.add(k);
    resolveNode(w, mergeNodes(fit.map((k) => node.children.get(k)!)), advance(cursors, { parts }), [...prefix, { literal: spelling }]);
  }
  if (taken.size > 0) {
    for (const list of [literals, typed]) list.splice(0, list.length, ...list.filter((k) => !taken.has(k)));
  }
  const candidates = literals.filter((v) => !isProtected(v));
  const open = candidates.length < MANY_VALUES && !forced.forceParam && !saysAnything(pos) ? withoutOwnNames(candidates, node, decided) : candidates;
  const merged = chooseMerged(open, node, pos, forced.forceParam, prefix.length === 0, prefix.length > 0 && isNamespace(prefix[prefix.length - 1], decided[decided.length - 2]), decided[decided.length - 1] ?? undefined);

  if (pos.multiName && (merged.length > 0 || typed.length > 0)) {
    // The spec says the rest of the path is one parameter (`contents/{+path}`): fold every deeper level.
    const all = emptyNode();
    for (const key of [...merged, ...typed]) collapseInto(all, node.children.get(key)!);
    const seg: OutSegment = { param: pos.multiName, prefix: '', suffix: '', types: new Set(['multi']) };
    for (const [method, evidence] of all.leaves) w.out.push({ host: w.host, method, template: render([...prefix, seg]), evidence });
    for (const key of literals) if (!merged.includes(key)) resolveLiteral(w, node, key, cursors, prefix, true);
    return;
  }

  const mergedSet = new Set(merged);
  for (const key of literals) if (!mergedSet.has(key)) resolveLiteral(w, node, key, cursors, prefix, isProtected(key));
  // One parameter per suffix: `{id}` and `{id}.json` at the same position are different endpoints; and per prefix
  // (OData's `Products({productId})`, `Customers('{customerId}')`), keyed after the suffix as placeholders are.
  const groups = new Map<string, { nodes: Node[]; types: Set<string>; prefix: string; suffix: string }>();
  const group = (suffix: string, prefix = '') => {
    const k = affixKey(prefix, suffix);
    return groups.get(k) ?? groups.set(k, { nodes: [], types: new Set(), prefix, suffix }).get(k)!;
  };
  for (const key of typed) {
    const { type, suffix, prefix } = parsePlaceholder(key);
    const g = group(suffix, prefix);
    g.nodes.push(node.children.get(key)!);
    g.types.add(type);
  }
  // `octocat.json`, `hello-world.json`: when every value ending a path ends in the same format suffix, the suffix is
  // part of the template (Twitter's `{slug}.json`); mixed extensions are file names, the value itself. Values leading
  // further have no suffix to share (`suggestions/{slug}/members.json` beside `suggestions/{slug}.json`: until 6 Dec
  // they made the leaves' `.json` part of the value).
  const ends = merged.filter((key) => node.children.get(key)!.children.size === 0);
  const suffixes = new Set(ends.map((key) => FORMAT_SUFFIX.exec(key)?.[1] ?? ''));
  // Two file names sharing `.txt` by chance are not a format suffix; three or more agreeing are.
  const sharedSuffix = suffixes.size === 1 && ends.length >= 3 ? [...suffixes][0] : '';
  const last = prefix[prefix.length - 1];
  const underScope = last !== undefined && 'param' in last && isScopeParam(last.types);
  for (const key of merged) {
    // `report.pdf` beside typed `42.pdf` (`{int}.pdf`) is a value of that same `{fileId}.pdf`; so is `x_1.json` beside
    // `42.json` (until 6 Dec it made `{showId}` beside `{showId}.json`, its format suffix dropped).
    const format = FORMAT_SUFFIX.exec(key)?.[1].toLowerCase();
    const joins = (s: string) => s !== '' && key.length > s.length && (isFileName(key) ? key.toLowerCase().endsWith(s.toLowerCase()) : s.toLowerCase() === format);
    const typedSuffix = [...groups.keys()].find(joins);
    const registry = registryValue(key, node.children.get(key)!, prefix.length === 0, underScope);
    const g = registry?.prefix ? group('', registry.prefix) : group(specSuffix(pos, key) ?? typedSuffix ?? (node.children.get(key)!.children.size === 0 ? sharedSuffix : ''));
    g.nodes.push(node.children.get(key)!);
    g.types.add(registry?.type ?? (prefix.length === 0 && isBareDate(key) ? 'date' : 'name'));
  }
  const previous = prefix.length > 0 && 'literal' in prefix[prefix.length - 1] ? (prefix[prefix.length - 1] as { literal: string }).literal : undefined;
  for (const k of [...groups.keys()].sort()) {
    const g = groups.get(k)!;
    const specName = pos.suffixNames.get(k) ?? pos.prefixedNames.get(k);
    const name = specName ?? inferParamName(g.prefix ? ODATA_SET.exec(g.prefix)?.[1] : previous, g.types);
    const child = g.nodes.length === 1 ? g.nodes[0] : mergeNodes(g.nodes);
    resolveNode(w, child, advance(cursors, { paramSuffix: k }), [...prefix, { param: name, prefix: g.prefix, suffix: g.suffix, types: g.types }]);
  }
}

function resolveLiteral(w: Walker, node: Node, key: string, cursors: SpecCursor[], prefix: OutSegment[], structural: boolean): void {
  resolveNode(w, node.children.get(key)!, advance(cursors, { literal: key, structural }), [...prefix, { literal: key }]);
}

/**
 * Which name-like children are values of one parameter. Where the spec puts a parameter, two distinct
 * values suffice (one value is more likely a new static path: `/users/search` next to `/users/{id}`).
 * Where the spec has only literals, it takes many. Elsewhere, enough distinct values, or values that
 * lead to the same sub-resource (`/x/a/issues`, `/x/b/issues`).
 */
function chooseMerged(candidates: string[], node: Node, pos: SpecPosition, forceParam: boolean, atRoot: boolean, underNamespace: boolean, after: string | undefined): string[] {
  if (candidates.length === 0) return [];
  if (forceParam) return candidates;
  if (pos.multiName !== undefined && pos.paramName === undefined) return candidates;
  const kids = candidates.map((c) => node.children.get(c)!);
  let merged: string[] = [];
  if (pos.paramName !== undefined || (pos.weakParamName !== undefined && !pos.known)) merged = candidates.length >= 2 ? candidates : [];
  else if (pos.known) merged = candidates.length >= staticThreshold(pos) ? candidates : [];
  // The first segment of a path is where an API's top-level namespaces and static files live
  // (`/favicon.ico`, `/robots.txt`, `/api`): without a spec saying otherwise, never values, but an npm registry's
  // packages and days (dated-root.ts: an API's dated versions stay).
  else if (atRoot) merged = [...npmPackages(candidates, node), ...dayValues(candidates)];
  else if (isHashShards(candidates, node)) merged = candidates;
  else if (looksLikeValues(candidates, kids, underNamespace, after)) merged = candidates;
  else {
    merged = fileNameValues(candidates, node);
    if (merged.length === 0) merged = valuesBesideLeaves(candidates, node);
  }
  return merged.length > 0 ? withoutStaticOutliers(merged, node) : merged;
}

/**
 * A static leaf or two beside values (a registry's `/v2/_catalog` beside `/v2/library/…`, `/v2/bitnami/…`) keep the
 * values' sub-resources from being shared by all: the candidates that lead further are judged alone, the leaves stay.
 */
function valuesBesideLeaves(candidates: string[], node: Node): string[] {
  const branches = candidates.filter((c) => node.children.get(c)!.children.size > 0);
  if (branches.length < 2 || branches.length === candidates.length || 3 * branches.length < 2 * candidates.length) return [];
  const kids = branches.map((c) => node.children.get(c)!);
  if (kids.some(hasIdChild) || !(shareSubResource(kids) || shareGrandSubResources(kids))) return [];
  // Values that are endpoints themselves (GitHub's `/users/octocat` beside `/users/octocat/repos`): a leaf answering
  // the same methods is one more whose sub-resources were not asked for (`/users/gaearon`; until 6 Dec a literal).
  // The registry's `/v2/_catalog` stays: its namespaces are no endpoints.
  const methods = leafMethods(kids[0]);
  if (methods === '' || kids.some((k) => leafMethods(k) !== methods)) return branches;
  return [...branches, ...candidates.filter((c) => node.children.get(c)!.children.size === 0 && leafMethods(node.children.get(c)!) === methods)];
}

/**
 * File names among IDs are IDs too (`/files/42`, `/files/report.pdf`): alone, `report.pdf` stayed a literal endpoint
 * beside `/files/{fileId}`; so are names with numbers in them, no words (`/posts/spring-sale-2024`, `/users/user42`;
 * until 6 Dec each its own endpoint), where a word (`/posts/search`) stays the collection's own. Without IDs beside
 * them, file names are values as other names are, when they keep coming (three or more, most seen once or twice); a
 * few used again and again (`avatar.png`, `cover.jpg` under each user) are a resource's fixed names.
 */
function fileNameValues(candidates: string[], node: Node): string[] {
  const typed = [...node.children].filter(([key]) => isPlaceholder(key) && !hasPrefix(key)).map(([, child]) => child);
  if (typed.length > 0) return candidates.filter((c) => isFileName(c) || !WORD.test(c) || subResourcesOfItems(c, node.children.get(c)!, typed));
  const files = candidates.filter(isFileName);
  if (files.length === 0) return [];
  const light = files.filter((f) => requestsBelow(node.children.get(f)!) <= LIGHT_REQUESTS).length;
  return files.length >= 3 && 2 * light >= files.length ? files : [];
}

/**
 * A host-like name leading only to names the IDs beside it lead to is one more item (a static pod's
 * `etcd-minikube/log` beside `{podId}/log`: until 6 Dec an endpoint tree of its own). A collection's own word leads
 * nowhere (`search`), elsewhere, or is one word: Stripe's `/v1/credit_notes/preview/lines` is no credit note.
 */
function subResourcesOfItems(key: string, candidate: Node, typed: Node[]): boolean {
  if (candidate.children.size === 0 || !HOST_LIKE.test(key)) return false;
  for (const key of candidate.children.keys()) if (isPlaceholder(key) || !typed.some((t) => t.children.has(key))) return false;
  return true;
}

/**
 * With nothing known about a position, what tells a parameter's values from an API's names (`/v1/customers`,
 * `/v1/charges`, … seventy of them in Stripe's `/v1`):
 * - names are words, few, each used again and again; values keep coming, most seen once or twice, and are
 *   often no words at all (`48d5`, `user42`);
 * - a name is often a collection, followed by typed IDs only (`/api/users/42`); a value leads to more names or
 *   to sub-resources (`/repos/octocat/hello-world`), rarely straight to an ID;
 * - values of one parameter share what follows them (`/teams/core/members`, `/orgs/acme/users`), and many
 *   values used often are still one parameter when they all end the same way (a leaf with the same methods),
 *   or when every one leads to paths of the same length far down (enums in long templates).
 */
function looksLikeValues(candidates: string[], kids: Node[], underNamespace: boolean, after: string | undefined): boolean {
  const distinct = candidates.length;
  if (distinct >= MANY_VALUES) return true;
  if (kids.every(isCollection)) return false;
  // Mostly not words (`48d5`, `f594`, `user42`: short IDs no type detector claims): values, however busy.
  if (distinct >= 2 && 2 * candidates.filter((c) => WORD.test(c) || isDomainName(c)).length < distinct) return true;
  const light = kids.filter((k) => requestsBelow(k) <= LIGHT_REQUESTS).length;
  const fresh = 2 * light >= kids.length;
  // Right under `/api` or `/v1` the names are the API's resources: five list calls made once each (`/api/users`,
  // `/api/orders`…, a quiet log) were one `/api/{apiId}` until 6 Dec. Tenants there still share their sub-resources.
  // Not when several are collections of typed IDs (`issues/42`, `pulls/7`, `commits/<sha>` under one repository):
  // values rarely lead straight to IDs, an API's resources do.
  if (fresh && distinct >= MIN_DISTINCT_VALUES && !underNamespace && kids.filter(isCollection).length < 2) return true;
  // Shared named sub-resources make values however busy (tenants: `/orgs/acme/users`, `/orgs/globex/users`),
  // unless IDs follow directly: `/v1/customers/search` and `/v1/charges/search` are two collections.
  // Not a version's kinds holding objects of one name (Kubernetes' `clusterroles/admin`, `clusterrolebindings/admin`).
  if (distinct >= 2 && shareSubResource(kids) && (fresh || !kids.some(hasIdChild)) && !(underNamespace && kindsSharingItems(candidates, kids))) return true;
  // Or one level further, past a name of each value's own (`/repos/octocat/hello-world/issues`,
  // `/repos/torvalds/linux/issues`; a registry's `/v2/library/ubuntu/manifests`, `/v2/bitnami/redis/manifests`).
  if (distinct >= 2 && !kids.some(hasIdChild) && shareGrandSubResources(kids)) return true;
  // Busy tenants after a collection's name, each calling its own few of one set of sub-resources (Sentry's
  // `/organizations/acme/projects`, `/organizations/globex/releases`): until 6 Dec an endpoint tree per tenant.
  if (!underNamespace && !kids.some(hasIdChild) && isPlural(after) && shareVocabulary(kids)) return true;
  // Enum values deep in long templates (`/{project}/{editor-type}/{page-type}/{granularity}/…`) are few and
  // used often, but each leads to paths of one length at least two levels down: an API's names do not.
  // Not a collection of IDs beside names (Sentry's `/api/0/issues/42/events/latest`, `/api/0/projects/acme/web/events`).
  // Two alike by chance are not either: two with nothing in common below are sub-resources (GitHub's `git/trees/<sha>`
  // and `contents/src/index.js` under one repository were one `{helloWorldId}` until 7 Dec).
  if (distinct >= 2 && sameDeepShape(kids) && !kids.some(isCollection) && (distinct >= 3 || shareAnyChild(kids))) return true;
  return distinct >= MIN_DISTINCT_IN_STATIC && sameLeaves(kids);
}

/** Words joined by hyphens, as Kubernetes names objects (a DNS label): `etcd-minikube`, `kube-apiserver-node1`. */
const HOST_LIKE = /^[a-z0-9]+(?:-[a-z0-9]+)+$/;

/** An API's names are words (`customers`, `billing_portal`, `oauth2`); values often are not. */
const WORD = /^[A-Za-z]+(?:[_.-][A-Za-z]+)*\d?$/;

/**
 * A name in reverse-DNS or domain form, three labels or more (Kubernetes' API groups `networking.k8s.io`,
 * `rbac.authorization.k8s.io`): a name someone chose, however many digits its labels have. Until 6 Dec `k8s` made them
 * no words, and `/apis/apps/v1/…` and `/apis/networking.k8s.io/v1/…` one `/apis/{apiId}/v1/…`.
 */
function isDomainName(c: string): boolean {
  return DOMAIN_NAME.test(c) && !isFileName(c);
}

const DOMAIN_NAME = /^[a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*){2,}$/i;

/** Requests at or below which a value counts as one seen once or twice. */
const LIGHT_REQUESTS = 2;
/** So many distinct segments at one position are values whatever else they look like (bounds the endpoint count). */
export const MANY_VALUES = 200;

/**
 * Values of one parameter each get a share of the parameter's traffic and look alike (same methods
 * at the end of the path). A leaf among them that gets far more requests and answers different
 * methods is a static sibling (`POST /images/load` next to `/images/{name}/…`), not a value.
 * Popular values (a bot account, a busy repository) are not leaves with odd methods, so they merge.
 */
function withoutStaticOutliers(merged: string[], node: Node): string[] {
  if (merged.length < 3) return merged;
  const counts = merged.map((k) => requestsBelow(node.children.get(k)!));
  const sorted = [...counts].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const shapes = merged.map((k) => leafMethods(node.children.get(k)!));
  const shapeCount = new Map<string, number>();
  for (const s of shapes) shapeCount.set(s, (shapeCount.get(s) ?? 0) + 1);
  const common = [...shapeCount].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
  const kept = merged.filter((k, i) => !(counts[i] >= 4 && counts[i] >= 4 * median && shapes[i] !== common && node.children.get(k)!.children.size === 0));
  return kept.length >= 2 ? kept : merged;
}

function render(prefix: OutSegment[]): string {
  if (prefix.length === 0) return '/';
  const names = uniqueNames(prefix.filter((s): s is Extract<OutSegment, { param: string }> => 'param' in s).map((s) => s.param));
  let i = 0;
  return prefix.map((s) => ('literal' in s ? `/${s.literal}` : `/${s.prefix}{${names[i++]}}${s.suffix}`)).join('');
}

function emptyNode(): Node {
  return { children: new Map(), leaves: new Map() };
}

function mergeLeaf(node: Node, method: string, evidence: EvidenceAccumulator): void {
  let acc = node.leaves.get(method);
  if (!acc) node.leaves.set(method, (acc = new EvidenceAccumulator()));
  acc.merge(evidence);
}

function mergeNodes(nodes: Node[]): Node {
  const out = emptyNode();
  for (const n of nodes) mergeInto(out, n);
  return out;
}

function mergeInto(target: Node, source: Node): void {
  for (const [method, ev] of source.leaves) mergeLeaf(target, method, ev);
  for (const [key, child] of source.children) {
    let t = target.children.get(key);
    if (!t) target.children.set(key, (t = emptyNode()));
    mergeInto(t, child);
  }
}

function collapseInto(target: Node, source: Node): void {
  for (const [method, ev] of source.leaves) mergeLeaf(target, method, ev);
  for (const child of source.children.values()) collapseInto(target, child);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `api`, `rest`, `v1`, `v2beta1`, `/rest/api/3`: what follows is an API's top level, the names of its resources. */
function isNamespace(seg: OutSegment, before: string | null | undefined): boolean {
  return 'literal' in seg && (/^(api|apis|rest)$/i.test(seg.literal) || isApiVersionLiteral(seg.literal) || isVersionAfterApi(before ?? undefined, seg.literal));
}

