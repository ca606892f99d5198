import { pointerOf } from './json-pointer';
import { operationTokens, pathItems } from './path-items';
import type { NormalisedSpec, SpecProblem } from './spec-model';

/**
 * A path's template expressions are `{name}`, closed, not nested, not empty (OpenAPI 3 §4.8.8 path templating). Any
 * other brace was matched as literal text (`/users/{id` only by a request for `/users/%7Bid`), so every call to the
 * operation came out shadow while the spec looked registered: refused, at the path.
 */
export function findMalformedPathTemplates(doc: Record<string, unknown>): SpecProblem[] {
  const problems: SpecProblem[] = [];
  for (const [path] of pathItems(doc.paths)) {
    const mistake = templateMistake(path);
    if (mistake) problems.push({ pointer: pointerOf(['paths', path]), message: `path template ${JSON.stringify(path)} ${mistake}` });
  }
  return problems;
}

function templateMistake(path: string): string | undefined {
  let open = -1;
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '{') {
      if (open !== -1) return `has a '{' inside an expression at character ${i + 1}`;
      open = i;
    } else if (c === '}') {
      if (open === -1) return `has a '}' that closes nothing at character ${i + 1}`;
      if (i === open + 1) return `has an empty expression '{}' at character ${i}`;
      open = -1;
    } else if (c === '/' && open !== -1) {
      return `has an expression that is not closed before the next '/' (character ${open + 1})`;
    }
  }
  return open === -1 ? undefined : `has an expression that is never closed (character ${open + 1})`;
}

/**
 * Each template expression names a path parameter, and each path parameter a template expression (OpenAPI 3
 * §4.8.12.1, Swagger 2.0 likewise). Matching needs neither, so a spec is not refused for it (generators omit them
 * often enough), but the mismatch is said: it is usually a renamed parameter, and the name inferred for traffic there
 * is the template's.
 */
export function findUndeclaredPathParameters(spec: Pick<NormalisedSpec, 'operations'>): SpecProblem[] {
  const warnings: SpecProblem[] = [];
  for (const op of spec.operations) {
    const inTemplate = [...op.path.matchAll(/\{[+#./;?&]?([^{}]+?)\*?\}/g)].map((m) => m[1]);
    const declared = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
    const pointer = pointerOf(operationTokens(op.path, op.method));
    const undeclared = inTemplate.filter((n) => !declared.includes(n));
    const unused = declared.filter((n) => !inTemplate.includes(n));
    if (undeclared.length > 0) warnings.push({ pointer, message: `path parameter${undeclared.length > 1 ? 's' : ''} ${undeclared.map((n) => `{${n}}`).join(', ')} of the template declared by no parameter (in: path)` });
    if (unused.length > 0) warnings.push({ pointer, message: `path parameter${unused.length > 1 ? 's' : ''} ${unused.map((n) => `'${n}'`).join(', ')} not in the template ${JSON.stringify(op.path)}` });
  }
  return warnings;
}
