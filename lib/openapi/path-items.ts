import { pointerTokens, resolvePointer } from './json-pointer';
import { HTTP_METHODS } from './spec-model';

/**
 * The path items of a `paths` object. Only keys that begin with `/` are paths (OpenAPI 3 §4.8.8, Swagger 2.0
 * §Paths Object); `x-…` keys are extensions whose content is anyone's, so an operation-shaped value there is not
 * an operation of the API.
 */
export function pathItems(paths: unknown): Array<[path: string, item: Record<string, unknown>]> {
  if (paths === null || typeof paths !== 'object' || Array.isArray(paths)) return [];
  const out: Array<[string, Record<string, unknown>]> = [];
  for (const [path, item] of Object.entries(paths)) {
    if (path.startsWith('/') && item !== null && typeof item === 'object' && !Array.isArray(item)) out.push([path, item as Record<string, unknown>]);
  }
  return out;
}

export interface PathItemOperation {
  /** Upper-case, as the matcher compares methods. */
  method: string;
  /** JSON pointer tokens of the operation within its path item: `['get']`, `['additionalOperations', 'PURGE']`. */
  tokens: string[];
  operation: Record<string, unknown>;
}

/** The path item's fixed method fields (HTTP_METHODS), plus the ones OpenAPI 3.2 added. */
const FIXED_METHODS_32 = [...HTTP_METHODS, 'query'];

/**
 * The operations of a path item. OpenAPI 3.2 (§4.8.9) adds `query` (the QUERY method) and `additionalOperations`,
 * a map of operations for methods that have no field (`PURGE`, `LINK`…), keyed by the method as sent. Read only
 * in a 3.2 document: earlier versions have no such fields, and Lantern's own 3.1 export keeps such methods under
 * an extension precisely so they stay undocumented.
 */
export function pathItemOperations(item: Record<string, unknown>, openapi32: boolean): PathItemOperation[] {
  const out: PathItemOperation[] = [];
  for (const method of openapi32 ? FIXED_METHODS_32 : HTTP_METHODS) {
    const op = item[method];
    if (isObject(op)) out.push({ method: method.toUpperCase(), tokens: [method], operation: op });
  }
  const additional = openapi32 ? item.additionalOperations : undefined;
  if (isObject(additional)) {
    for (const [method, op] of Object.entries(additional)) if (isObject(op)) out.push({ method: method.toUpperCase(), tokens: ['additionalOperations', method], operation: op });
  }
  return out;
}

/** Whether a document (as written, or upgraded to the 3.1 shape, which leaves 3.2 as it is) is OpenAPI 3.2. */
export function isOpenApi32(doc: Record<string, unknown>): boolean {
  return typeof doc.openapi === 'string' && /^3\.2\.\d+(?:-.+)?$/.test(doc.openapi);
}

/**
 * Pointer tokens of a normalised operation in `doc`: where `pathItemOperations` found it. The model upper-cases an
 * `additionalOperations` key (`purge` is PURGE to the matcher), so the key is looked up as written: until 6 Dec a
 * warning about `purge` pointed at `…/additionalOperations/PURGE`, which is nothing in the document.
 */
export function operationTokens(doc: Record<string, unknown>, path: string, method: string): string[] {
  const field = method.toLowerCase();
  if (FIXED_METHODS_32.includes(field)) return ['paths', path, field];
  const keys = locatedPathItems(doc)
    .filter((located) => located.path === path)
    .flatMap(({ item }) => (isObject(item.additionalOperations) ? Object.keys(item.additionalOperations) : []));
  const written = keys.includes(method) ? method : keys.find((k) => k.toUpperCase() === method);
  return ['paths', path, 'additionalOperations', written ?? method];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export interface LocatedPathItem {
  path: string;
  item: Record<string, unknown>;
  /** Pointer tokens of where the item's content is written: `['paths', path]`, or a `$ref`'s target. */
  tokens: string[];
}

/**
 * Each path item with where its content is written, for the checks that read the document as written. A path item
 * that is a local `$ref` (3.1's `#/components/pathItems/A`, or another path) is also its target's content, at the
 * target's place: read as written alone, its operations escaped the checks on operationIds, equivalent paths, path
 * parameters and security, and a GET on `/a/{key}` beside a referenced one on `/a/{id}` silently took its place in
 * the matcher. A split spec's files are inlined before these checks (validation-view.ts).
 */
export function locatedPathItems(doc: Record<string, unknown>): LocatedPathItem[] {
  const out: LocatedPathItem[] = [];
  for (const [path, item] of pathItems(doc.paths)) {
    out.push({ path, item, tokens: ['paths', path] });
    const target = localTarget(doc, item.$ref);
    if (target) out.push({ path, ...target });
  }
  return out;
}

/** The end of a chain of local `$ref`s; a cycle is ref-cycles.ts's to report. */
function localTarget(doc: Record<string, unknown>, ref: unknown): { item: Record<string, unknown>; tokens: string[] } | undefined {
  const seen = new Set<string>();
  let found: { item: Record<string, unknown>; tokens: string[] } | undefined;
  let next = ref;
  while (typeof next === 'string' && next.startsWith('#/') && !seen.has(next)) {
    seen.add(next);
    const value = resolvePointer(doc, next);
    if (!isObject(value)) break;
    found = { item: value, tokens: pointerTokens(next.slice(1)) };
    next = value.$ref;
  }
  return found;
}
