import { resolvePointer } from './json-pointer';
import { isOpenApi32 } from './path-items';
import type { SpecProblem } from './spec-model';

/**
 * A parameter's `in` decides which shape the validator should have held it to, and every other shape's complaint is
 * noise. An `in` no location has (`querystring`) fails them all: a Swagger 2.0 one came back as five problems (the
 * body shape's `must have required property 'schema'`, the Reference Object's `Property name is not expected`, the
 * path shape's `required`…) and an OpenAPI one with `style` and `required: false` as three, none naming the values
 * allowed. Now it is the one problem at `in`, naming them; and a `style` the location does not take names the styles
 * it does (`style: matrix` on a query parameter also came with the path shape's `must have required property
 * 'required'`).
 */
const LOCATIONS = { swagger: ['query', 'header', 'path', 'formData', 'body'], openapi: ['query', 'header', 'path', 'cookie'], openapi32: ['query', 'querystring', 'header', 'path', 'cookie'] };
/** OpenAPI 3 §4.8.12.4.1 (Style Values), per location. */
const STYLES: Record<string, string[]> = { path: ['simple', 'label', 'matrix'], query: ['form', 'spaceDelimited', 'pipeDelimited', 'deepObject'], header: ['simple'], cookie: ['form'] };
const PARAMETER_AT = /(?:\/parameters\/\d+|^\/components\/parameters\/[^/]+|^\/parameters\/[^/]+)$/;
const ENUM = /must be equal to one of the allowed values$/;
const UNEXPECTED = /^Property (.+) is not expected to be here$/;
const REQUIRED = /^must have required property '(.+)'$/;

export function withParameterLocations(problems: SpecProblem[], document: Record<string, unknown>): SpecProblem[] {
  const swagger = document.swagger !== undefined;
  const out: SpecProblem[] = [];
  for (const p of problems) {
    const at = parameterOf(p.pointer);
    const parameter = at === undefined ? undefined : resolvePointer(document, at);
    if (at === undefined || parameter === null || typeof parameter !== 'object' || Array.isArray(parameter) || '$ref' in parameter) {
      out.push(p);
      continue;
    }
    const where = (parameter as Record<string, unknown>).in;
    // 3.2 adds `querystring`, the whole query string as one value (its `content` says how it is serialised).
    const locations = swagger ? LOCATIONS.swagger : isOpenApi32(document) ? LOCATIONS.openapi32 : LOCATIONS.openapi;
    const known = typeof where === 'string' && locations.includes(where);
    const field = p.pointer.slice(at.length);
    if (!known && typeof where === 'string') {
      if (field === '/in' && ENUM.test(p.message)) out.push({ pointer: p.pointer, message: `in ${JSON.stringify(where)} is no location: one of ${locations.join(', ')}` });
      // Every shape was tried against the wrong location: only what the object lacks whatever its location stands.
      else if (!isShapeNoise(p, field)) out.push(p);
      continue;
    }
    if (known && !swagger && where !== 'path' && isPathShapeNoise(p, field)) continue;
    // 3.1's schema says a field its failing branch did not evaluate is unexpected too: the field's own problem says it.
    if (field === '' && p.message === 'must NOT have unevaluated properties' && problems.some((o) => o.pointer.startsWith(`${at}/`))) continue;
    const styles = known && !swagger ? STYLES[where as string] : undefined;
    const style = (parameter as Record<string, unknown>).style;
    if (field === '/style' && ENUM.test(p.message) && styles && typeof style === 'string') {
      out.push({ pointer: p.pointer, message: `style ${JSON.stringify(style)} is not one a ${where} parameter takes: one of ${styles.join(', ')}` });
    } else out.push(p);
  }
  return out;
}

/** The parameter a problem is at, or at one field of (`…/parameters/0/in`). */
function parameterOf(pointer: string): string | undefined {
  if (PARAMETER_AT.test(pointer)) return pointer;
  const parent = pointer.slice(0, pointer.lastIndexOf('/'));
  return parent.length > 0 && PARAMETER_AT.test(parent) ? parent : undefined;
}

/** What one shape or another asks of the object itself, and the location-bound values `required` and `style`. */
function isShapeNoise(p: SpecProblem, field: string): boolean {
  if (field === '') {
    const required = REQUIRED.exec(p.message)?.[1];
    return UNEXPECTED.test(p.message) || (required !== undefined && required !== 'name' && required !== 'in');
  }
  return (field === '/required' || field === '/style') && ENUM.test(p.message);
}

/** A path parameter must be `required: true`; the path shape's saying so to a query, header or cookie one is noise. */
function isPathShapeNoise(p: SpecProblem, field: string): boolean {
  return (field === '' && p.message === "must have required property 'required'") || (field === '/required' && ENUM.test(p.message));
}
