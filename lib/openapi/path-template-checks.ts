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
 * is the template's. `doc` is the document as written, where the pointer is looked up.
 */
export function findUndeclaredPathParameters(spec: Pick<NormalisedSpec, 'operations'>, doc: Record<string, unknown>): SpecProblem[] {
  const warnings: SpecProblem[] = [];
  for (const op of spec.operations) {
    // `{?q}` and `{&q}` expand to a query (RFC 6570): no path parameter (findQueryInPaths says so).
    const inTemplate = [...op.path.matchAll(/\{[+#./;]?([^{}?&]+?)\*?\}/g)].map((m) => m[1]);
    const declared = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
    const pointer = pointerOf(operationTokens(doc, op.path, op.method));
    const undeclared = inTemplate.filter((n) => !declared.includes(n));
    const unused = declared.filter((n) => !inTemplate.includes(n));
    if (undeclared.length > 0) warnings.push({ pointer, message: `path parameter${undeclared.length > 1 ? 's' : ''} ${undeclared.map((n) => `{${n}}`).join(', ')} of the template declared by no parameter (in: path)` });
    if (unused.length > 0) warnings.push({ pointer, message: `path parameter${unused.length > 1 ? 's' : ''} ${unused.map((n) => `'${n}'`).join(', ')} not in the template ${JSON.stringify(op.path)}` });
  }
  return warnings;
}

/**
 * A path holding a query string (`/search?type=user`, RFC 6570's `{?q}`) or a fragment (`/items#top`). The path is
 * appended to the server URL as it is (OpenAPI 3 §4.8.8), so such a path names a URL whose path no request has:
 * requests are matched on their path alone, and the operation is never matched. Not refused, as Redocly's
 * path-not-include-query is off by default, but said, with what calls to the path come out as.
 */
export function findQueryInPaths(doc: Record<string, unknown>): SpecProblem[] {
  const warnings: SpecProblem[] = [];
  for (const [path] of pathItems(doc.paths)) {
    const at = queryOrFragmentAt(path);
    if (at === undefined) continue;
    const fragment = path[at] === '#';
    const rest = path.slice(at);
    warnings.push({
      pointer: pointerOf(['paths', path]),
      message: `path ${JSON.stringify(path)} holds ${fragment ? 'a fragment' : 'a query string'} (${JSON.stringify(rest)}): requests are matched on their path alone, so its operations are never matched (a call to ${JSON.stringify(path.slice(0, at) || '/')} is none of theirs); ${fragment ? 'a fragment is never sent' : 'declare the query as parameters (in: query)'}`,
    });
  }
  return warnings;
}

/** Where a `?` or `#` outside any expression, or a `{?…}`/`{&…}` expression, starts; undefined when none does. */
function queryOrFragmentAt(path: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '{') {
      if (depth === 0 && (path[i + 1] === '?' || path[i + 1] === '&')) return i;
      depth++;
    } else if (c === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === '?' || c === '#')) return i;
  }
  return undefined;
}
