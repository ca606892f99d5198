import { isMethodToken } from '../exchange/http-rules';
import { pointerOf } from './json-pointer';
import { isOpenApi32, locatedPathItems, pathItemOperations, pathItems } from './path-items';
import { templateKey } from './path-template';
import type { SpecProblem } from './spec-model';

/** operationIds must be unique (OpenAPI §4.8.10); the schema cannot say so, so it is checked here. */
export function findDuplicateOperationIds(doc: Record<string, unknown>): SpecProblem[] {
  const first = new Map<string, string>();
  const problems: SpecProblem[] = [];
  for (const { path, item, tokens: at } of locatedPathItems(doc)) {
    for (const { tokens, operation: op } of pathItemOperations(item, isOpenApi32(doc))) {
      if (typeof op.operationId !== 'string') continue;
      const pointer = pointerOf([...at, ...tokens, 'operationId']);
      const earlier = first.get(op.operationId);
      // One path item two paths refer to: its operations are two operations, said at the second path.
      if (earlier) problems.push({ pointer: earlier === pointer ? pointerOf(['paths', path]) : pointer, message: `duplicate operationId '${op.operationId}' (first at ${earlier})` });
      else first.set(op.operationId, pointer);
    }
  }
  return problems;
}

/**
 * `/users/{id}` and `/users/{userId}` are the same path (OpenAPI 3 §4.8.8: such paths MUST NOT exist); an
 * operation on both would leave one of them unreachable. Only a method defined on both is refused: with different
 * methods nothing is lost (each request matches one operation), and generators emit that shape often enough that
 * refusing it would turn away specs that work.
 */
export function findEquivalentPathOperations(doc: Record<string, unknown>): SpecProblem[] {
  const first = new Map<string, string>();
  const problems: SpecProblem[] = [];
  for (const { path, item, tokens: at } of locatedPathItems(doc)) {
    for (const { method: m, tokens } of pathItemOperations(item, isOpenApi32(doc))) {
      const key = `${m} ${templateKey(path)}`;
      const earlier = first.get(key);
      if (earlier === undefined) first.set(key, path);
      // The same path written inline and through a `$ref` beside it is one path, its operations read twice.
      else if (earlier !== path) {
        problems.push({ pointer: pointerOf(at[0] === 'paths' ? [...at, ...tokens] : ['paths', path]), message: `${m} ${path} is the same operation as ${m} ${earlier}: paths that differ only in parameter names are identical` });
      }
    }
  }
  return problems;
}

const OWN_FIELD = new Set(['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE', 'QUERY']);

/**
 * OpenAPI 3.2's `additionalOperations` holds methods without a field of their own (§4.8.9.1), keyed by a method
 * name. The validator's schema says as much, but at the map and as `not must NOT be valid`; said here at the key,
 * naming the field to use. Methods are compared whatever their case, as the matcher compares them: a `post` here
 * would be the `post` field's operation twice.
 */
export function findMisnamedAdditionalOperations(doc: Record<string, unknown>): SpecProblem[] {
  if (!isOpenApi32(doc)) return [];
  const problems: SpecProblem[] = [];
  for (const [path, item] of pathItems(doc.paths)) {
    const additional = item.additionalOperations;
    if (additional === null || typeof additional !== 'object' || Array.isArray(additional)) continue;
    for (const method of Object.keys(additional)) {
      const pointer = pointerOf(['paths', path, 'additionalOperations', method]);
      if (!isMethodToken(method)) problems.push({ pointer, message: `${JSON.stringify(method)} is no HTTP method name (letters, digits and !#$%&'*+.^_\`|~- only)` });
      else if (OWN_FIELD.has(method.toUpperCase())) problems.push({ pointer, message: `${method.toUpperCase()} has a field of its own: write it as '${method.toLowerCase()}' beside the other methods, not under additionalOperations` });
    }
  }
  return problems;
}

/**
 * `purge` beside `PURGE` in one `additionalOperations`: one method to the matcher, which compares methods whatever
 * their case, so until 6 Dec one operation took every call and the other was neither called nor unused. Said at the
 * second key.
 */
export function findAdditionalOperationsTwice(doc: Record<string, unknown>): SpecProblem[] {
  if (!isOpenApi32(doc)) return [];
  const problems: SpecProblem[] = [];
  for (const [path, item] of pathItems(doc.paths)) {
    const additional = item.additionalOperations;
    if (additional === null || typeof additional !== 'object' || Array.isArray(additional)) continue;
    const seen = new Map<string, string>();
    for (const method of Object.keys(additional)) {
      const earlier = seen.get(method.toUpperCase());
      if (earlier !== undefined) problems.push({ pointer: pointerOf(['paths', path, 'additionalOperations', method]), message: `'${method}' is the method '${earlier}' again (methods are compared whatever their case): keep one` });
      else seen.set(method.toUpperCase(), method);
    }
  }
  return problems;
}

/** The validator's words for the same mistakes, at the map itself: the problems above name them. */
export const ADDITIONAL_OPERATIONS_NAME_NOISE = /^(?:not must NOT be valid|propertyNames property name must be valid|Property ".*" must match pattern .*)$/;
