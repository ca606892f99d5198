import { validate } from '@scalar/openapi-parser';
import { resolvePointer } from './json-pointer';
import { withoutBranchNoise } from './branch-noise';
import { missingMemberMessage } from './missing-members';
import { withParameterLocations } from './parameter-location';
import { isOpenApi32 } from './path-items';
import { withSchemaStandIns } from './schema-stand-ins';
import type { SpecProblem } from './spec-model';

/**
 * Schema validation through @scalar/openapi-parser, every error with its JSON pointer.
 * The library's error prettifier (betterAjvErrors) crashes on `enum` errors in 0.24.x, catches its own
 * crash, prints it with console.error and falls back to the plain ajv errors, which are what we want
 * anyway. That one stack trace is filtered out while validating; any other console.error passes through.
 */
export async function validateDocument(document: Record<string, unknown>): Promise<SpecProblem[]> {
  const original = console.error;
  console.error = (...args: unknown[]) => {
    if (args.length === 1 && args[0] instanceof Error && /betterAjvErrors/.test(args[0].stack ?? '')) return;
    original(...args);
  };
  try {
    const checked = await validate(isOpenApi32(document) ? withSchemaStandIns(document) : structuredClone(document));
    const problems = (checked.errors ?? []).map((e) => {
      const pointer = pointerText(e.path);
      return { pointer, message: valuePatternMessage(e.message, document, pointer) };
    });
    if (!checked.valid && problems.length === 0) problems.push({ pointer: '', message: 'document is not a valid OpenAPI description' });
    const specific = withoutAlternativesNoise(withParameterLocations(withoutBranchNoise(problems, document), document));
    return (specific.length > 0 ? specific : onlyNoise(problems, document)).map((p) => {
      const named = ALTERNATIVES.test(p.message) ? missingMemberMessage(document, p.pointer) : undefined;
      return named ? { ...p, message: named } : p;
    });
  } catch (err) {
    return [{ pointer: '', message: `validator failed: ${(err as Error).message}` }];
  } finally {
    console.error = original;
  }
}

/**
 * The validator reports, beside each mistake, the alternatives it tried around it: `must match exactly one schema in
 * oneOf` where an object may be one of several shapes, `must have required property '$ref'` where it may also be a
 * Reference Object, at the mistake's place and at every enclosing one (the path item, the operation). Such a problem
 * is left out when a more specific one stands at its place or below it, as Redocly and Spectral report the branch
 * that fits best; with nothing more specific it stays, so the problem is still named.
 */
const ALTERNATIVES = /(?:must match exactly one schema in oneOf|must match a schema in anyOf|must have required property '\$ref'|must match "(?:then|else)" schema)$/;

function withoutAlternativesNoise(problems: SpecProblem[]): SpecProblem[] {
  const specific = problems.filter((p) => !ALTERNATIVES.test(p.message));
  return problems.filter(
    (p) => (!ALTERNATIVES.test(p.message) || !specific.some((s) => s.pointer === p.pointer || s.pointer.startsWith(`${p.pointer}/`))) && !pathBranchOfWrongLocation(p, problems),
  );
}

/** An `in` no location has (`qery`) fails every location's branch: the path branch's `required` is none of its own. */
function pathBranchOfWrongLocation(p: SpecProblem, problems: SpecProblem[]): boolean {
  return p.message === "must have required property 'required'" && problems.some((o) => o.pointer === `${p.pointer}/in`);
}

/**
 * Every problem was noise: the prettifier dropped the one `required` error that named the mistake (a Swagger 2.0
 * response without its description came back as only `Property get is not expected` and `Property schema is not
 * expected`). The member is named where it can be; otherwise the noise stays, so an invalid document is never passed.
 */
function onlyNoise(problems: SpecProblem[], document: Record<string, unknown>): SpecProblem[] {
  const named = problems.flatMap((p) => {
    const message = missingMemberMessage(document, p.pointer);
    return message ? [{ pointer: p.pointer, message }] : [];
  });
  return named.length > 0 ? named : problems;
}

export function pointerText(path: unknown): string {
  if (Array.isArray(path)) return path.map((t) => `/${String(t).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
  return typeof path === 'string' ? path : '';
}

/**
 * The prettifier words a value that fails a `pattern` (Swagger 2.0's `host` and `basePath`) as a property name it
 * does not have: `Property "undefined" must match pattern ^/`. The value itself is said instead.
 */
function valuePatternMessage(message: string, document: Record<string, unknown>, pointer: string): string {
  // `responses: {}`: every version requires one response at least (OpenAPI 3 §4.8.16), which ajv says as a count.
  if (/minProperties must NOT have fewer than 1 properties$/.test(message) && pointer.endsWith('/responses')) return 'must declare at least one response';
  const m = /^Property "undefined" (must match pattern .*)$/.exec(message);
  if (!m) return message;
  const value = resolvePointer(document, pointer);
  return typeof value === 'string' ? `${JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)} ${m[1]}` : m[1];
}
