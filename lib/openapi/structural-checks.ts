import { pointerOf } from './json-pointer';
import { pathItems } from './path-items';
import { templateKey } from './path-template';
import { HTTP_METHODS, type SpecProblem } from './spec-model';

/** operationIds must be unique (OpenAPI §4.8.10); the schema cannot say so, so it is checked here. */
export function findDuplicateOperationIds(doc: Record<string, unknown>): SpecProblem[] {
  const first = new Map<string, string>();
  const problems: SpecProblem[] = [];
  for (const [path, item] of pathItems(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method] as { operationId?: unknown } | undefined;
      if (!op || typeof op.operationId !== 'string') continue;
      const pointer = pointerOf(['paths', path, method, 'operationId']);
      const earlier = first.get(op.operationId);
      if (earlier) problems.push({ pointer, message: `duplicate operationId '${op.operationId}' (first at ${earlier})` });
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
  for (const [path, item] of pathItems(doc.paths)) {
    for (const method of HTTP_METHODS) {
      if (item[method] === undefined) continue;
      const key = `${method} ${templateKey(path)}`;
      const earlier = first.get(key);
      if (earlier === undefined) first.set(key, path);
      else {
        const m = method.toUpperCase();
        problems.push({ pointer: pointerOf(['paths', path, method]), message: `${m} ${path} is the same operation as ${m} ${earlier}: paths that differ only in parameter names are identical` });
      }
    }
  }
  return problems;
}
