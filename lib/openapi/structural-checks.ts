import { pointerOf } from './json-pointer';
import { HTTP_METHODS, type SpecProblem } from './spec-model';

/** operationIds must be unique (OpenAPI §4.8.10); the schema cannot say so, so it is checked here. */
export function findDuplicateOperationIds(doc: Record<string, unknown>): SpecProblem[] {
  const paths = doc.paths;
  if (paths === null || typeof paths !== 'object') return [];
  const first = new Map<string, string>();
  const problems: SpecProblem[] = [];
  for (const [path, item] of Object.entries(paths as Record<string, unknown>)) {
    if (item === null || typeof item !== 'object') continue;
    for (const method of HTTP_METHODS) {
      const op = (item as Record<string, unknown>)[method] as { operationId?: unknown } | undefined;
      if (!op || typeof op.operationId !== 'string') continue;
      const pointer = pointerOf(['paths', path, method, 'operationId']);
      const earlier = first.get(op.operationId);
      if (earlier) problems.push({ pointer, message: `duplicate operationId '${op.operationId}' (first at ${earlier})` });
      else first.set(op.operationId, pointer);
    }
  }
  return problems;
}
