import { pointerOf } from './json-pointer';
import { isOpenApi32, locatedPathItems, pathItemOperations } from './path-items';
import type { SpecProblem } from './spec-model';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/**
 * A security requirement names a scheme of `components.securitySchemes` (OpenAPI 3 §4.8.30) or `securityDefinitions`
 * (Swagger 2.0). One naming none tells neither a client nor Lantern how the operation is called: its credential kind
 * and scopes are unknown, and the auth findings judge traffic against a scheme that is not there. The validator's
 * schemas cannot look across the document, so such a spec was accepted without a word (Redocly's `security-defined`
 * rule calls it an error). Said as a warning, not a refusal: specs in use carry such slips.
 */
export function findUndeclaredSecuritySchemes(doc: Obj): SpecProblem[] {
  const swagger = doc.swagger !== undefined;
  const declared = new Set(Object.keys(obj(swagger ? doc.securityDefinitions : obj(doc.components).securitySchemes)));
  const where = swagger ? 'securityDefinitions' : 'components.securitySchemes';
  const problems: SpecProblem[] = [];
  const check = (security: unknown, tokens: string[]) => {
    if (!Array.isArray(security)) return;
    security.forEach((requirement, i) => {
      for (const name of Object.keys(obj(requirement))) {
        if (!declared.has(name)) problems.push({ pointer: pointerOf([...tokens, i, name]), message: `security scheme '${name}' is not declared in ${where}` });
      }
    });
  };
  check(doc.security, ['security']);
  // A path item two paths refer to is checked once.
  const checked = new Set<string>();
  for (const { item, tokens: at } of locatedPathItems(doc)) {
    if (checked.has(pointerOf(at))) continue;
    checked.add(pointerOf(at));
    for (const { tokens, operation } of pathItemOperations(item, isOpenApi32(doc))) check(operation.security, [...at, ...tokens, 'security']);
  }
  return problems;
}
