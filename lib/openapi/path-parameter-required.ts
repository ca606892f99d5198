import { pointerOf } from './json-pointer';
import { isOpenApi32, locatedPathItems, pathItemOperations } from './path-items';
import type { SpecProblem } from './spec-model';

/**
 * A path parameter must say `required: true` (OpenAPI 3 §4.8.12.1, Swagger 2.0 §Parameter Object). The schemas say
 * so inside their choice of parameter locations, so the validator, finding no location that fits, also reported
 * `…/in: must be equal to one of the allowed values` for the `in: path` the author wrote correctly (Swagger 2.0: five
 * problems more, `Property get is not expected to be here` among them; 3.1: `if must match "else" schema`). Found here
 * instead, named as what it is, and `required: true` set in a copy that is then validated, so whatever else the
 * validator finds is a problem of its own.
 */
export function findUnrequiredPathParameters(doc: Record<string, unknown>): { problems: SpecProblem[]; repaired: Record<string, unknown> } {
  const found = parameters(doc).filter(({ parameter }) => isUnrequiredPathParameter(parameter));
  if (found.length === 0) return { problems: [], repaired: doc };
  const problems = found.map(({ tokens, parameter }) => {
    const name = typeof parameter.name === 'string' ? `'${parameter.name}' ` : '';
    return 'required' in parameter
      ? { pointer: pointerOf([...tokens, 'required']), message: `path parameter ${name}must be required: true, not ${JSON.stringify(parameter.required)}` }
      : { pointer: pointerOf(tokens), message: `path parameter ${name}must have required: true` };
  });
  const repaired = structuredClone(doc);
  for (const { tokens } of found) (at(repaired, tokens) as Record<string, unknown>).required = true;
  return { problems, repaired };
}

type Located = { tokens: (string | number)[]; parameter: Record<string, unknown> };

/** Every parameter a document declares: on path items, on operations, and the reusable ones (3.x, 2.0). */
function parameters(doc: Record<string, unknown>): Located[] {
  const out: Located[] = [];
  const add = (tokens: (string | number)[], p: unknown) => {
    if (p !== null && typeof p === 'object' && !Array.isArray(p)) out.push({ tokens, parameter: p as Record<string, unknown> });
  };
  const addList = (tokens: (string | number)[], list: unknown) => {
    if (Array.isArray(list)) list.forEach((p, i) => add([...tokens, i], p));
  };
  const addMap = (tokens: string[], map: unknown) => {
    if (map !== null && typeof map === 'object' && !Array.isArray(map)) for (const [name, p] of Object.entries(map)) add([...tokens, name], p);
  };
  const seen = new Set<string>();
  for (const { item, tokens: at } of locatedPathItems(doc)) {
    if (seen.has(pointerOf(at))) continue;
    seen.add(pointerOf(at));
    addList([...at, 'parameters'], item.parameters);
    for (const { tokens, operation } of pathItemOperations(item, isOpenApi32(doc))) addList([...at, ...tokens, 'parameters'], operation.parameters);
  }
  const components = doc.components;
  if (components !== null && typeof components === 'object') addMap(['components', 'parameters'], (components as Record<string, unknown>).parameters);
  if (doc.swagger !== undefined) addMap(['parameters'], doc.parameters);
  return out;
}

function isUnrequiredPathParameter(p: Record<string, unknown>): boolean {
  return p.in === 'path' && !('$ref' in p) && p.required !== true;
}

function at(root: unknown, tokens: readonly (string | number)[]): unknown {
  let node = root;
  for (const t of tokens) node = (node as Record<string | number, unknown>)[t];
  return node;
}
