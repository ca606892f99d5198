import { pointerOf } from './json-pointer';
import { pathItems } from './path-items';
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
