import { pointerOf, resolvePointer } from './json-pointer';
import { isOpenApi32, locatedPathItems, pathItemOperations } from './path-items';
import type { SpecProblem } from './spec-model';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * A parameter list "MUST NOT include duplicated parameters", one being a name and a location (OpenAPI 3 §4.8.10 and
 * §4.8.9, Swagger 2.0 alike), and a Swagger 2.0 operation has at most one `body` parameter, never beside `formData`
 * ones (its body is one or the other). The schemas cannot say either (`uniqueItems` compares whole objects), so such
 * a spec was registered, one of the two declarations silently winning. Header names compare without case, as HTTP
 * compares them. An operation's parameter overriding its path item's of the same name and location is allowed.
 */
export function findDuplicateParameters(doc: Obj): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const swagger = doc.swagger !== undefined;
  const seen = new Set<string>();
  for (const { item, tokens: at } of locatedPathItems(doc)) {
    if (seen.has(pointerOf(at))) continue;
    seen.add(pointerOf(at));
    const shared = listed(doc, item.parameters, [...at, 'parameters'], problems);
    for (const { tokens, operation } of pathItemOperations(item, isOpenApi32(doc))) {
      const own = listed(doc, operation.parameters, [...at, ...tokens, 'parameters'], problems);
      if (swagger) problems.push(...bodyProblems([...own.values(), ...[...shared].filter(([key]) => !own.has(key)).map(([, p]) => p)]));
    }
  }
  return problems;
}

type Declared = { pointer: string; location: string; name: string };

/** The list's parameters by name and location, each repeat said at its place. */
function listed(doc: Obj, list: unknown, tokens: (string | number)[], problems: SpecProblem[]): Map<string, Declared> {
  const out = new Map<string, Declared>();
  if (!Array.isArray(list)) return out;
  list.forEach((entry, i) => {
    const parameter = isObj(entry) && typeof entry.$ref === 'string' ? resolvePointer(doc, entry.$ref) : entry;
    if (!isObj(parameter) || typeof parameter.name !== 'string' || typeof parameter.in !== 'string') return;
    const declared = { pointer: pointerOf([...tokens, i]), location: parameter.in, name: parameter.name };
    const key = `${parameter.in}\n${parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name}`;
    const first = out.get(key);
    if (first) problems.push({ pointer: declared.pointer, message: `duplicate ${parameter.in} parameter '${parameter.name}' (first at ${first.pointer})` });
    else out.set(key, declared);
  });
  return out;
}

function bodyProblems(parameters: Declared[]): SpecProblem[] {
  const bodies = parameters.filter((p) => p.location === 'body').sort((a, b) => a.pointer.localeCompare(b.pointer));
  const form = parameters.find((p) => p.location === 'formData');
  const problems = bodies.slice(1).map((p) => ({ pointer: p.pointer, message: `a second body parameter '${p.name}' (first at ${bodies[0].pointer}): an operation has one body at most` }));
  if (bodies.length > 0 && form) problems.push({ pointer: bodies[0].pointer, message: `body parameter '${bodies[0].name}' beside formData parameter '${form.name}' (${form.pointer}): the body is one or the other` });
  return problems;
}
