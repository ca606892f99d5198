import { resolvePointer } from './json-pointer';
import type { SpecProblem } from './spec-model';

/**
 * Where an object may take one of several shapes, the validator reports every shape it tried: a Swagger 2.0 query
 * parameter written with `schema` came back as seven problems (the body shape's `must have required property
 * 'schema'` and `Property type is not expected`, the Reference Object's `Property name is not expected`, `in` not
 * allowed, `Property get is not expected` on the path item…). What the object's own `in` (or its lack of `$ref`)
 * says it is decides which of them stand, as Redocly and Spectral report only the branch that fits.
 */
type Shape = { fields: ReadonlySet<string>; required: readonly string[] };

const COMMON = ['name', 'in', 'description', 'required'];
const SWAGGER_BODY: Shape = { fields: new Set([...COMMON, 'schema']), required: ['name', 'in', 'schema'] };
const SWAGGER_OTHER: Shape = {
  fields: new Set([...COMMON, 'type', 'format', 'items', 'collectionFormat', 'default', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'enum', 'multipleOf', 'allowEmptyValue']),
  required: ['name', 'in', 'type'],
};
const SWAGGER_LOCATIONS = new Set(['body', 'query', 'header', 'path', 'formData']);
const OPENAPI_LOCATIONS = new Set(['query', 'header', 'path', 'cookie']);

const PARAMETER_AT = /(?:\/parameters\/\d+|^\/components\/parameters\/[^/]+|^\/parameters\/[^/]+)$/;
const UNEXPECTED = /^Property (.+) is not expected to be here$/;
const REQUIRED = /^must have required property '(.+)'$/;
const ENUM = /must be equal to one of the allowed values$/;

const RESPONSE_AT = /\/responses\/[^/]+$/;
const SWAGGER_RESPONSE_FIELDS = new Set(['description', 'schema', 'headers', 'examples']);
const OPENAPI_RESPONSE_FIELDS = new Set(['description', 'headers', 'content', 'links']);

const PATH_ITEM_AT = /^\/paths\/[^/]+$/;
const SWAGGER_PATH_ITEM_FIELDS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'parameters']);

export function withoutBranchNoise(problems: SpecProblem[], document: Record<string, unknown>): SpecProblem[] {
  const swagger = document.swagger !== undefined;
  return problems.filter(
    (p) => !isUnexpectedButValidated(p, problems) && !isOtherParameterShape(p, document, swagger) && !isReferenceShapeOfResponse(p, document, swagger) && !isReferenceShapeOfPathItem(p, document, swagger),
  );
}

/**
 * A Swagger 2.0 path item's own fields, `Property post is not expected` to its Reference branch, on a path item with
 * no `$ref`: a mistake in its `get` brought that for every sibling operation, naming the valid `post` as the problem.
 * Only Swagger 2.0's fields: a `trace` there (OpenAPI 3.0's) is still refused.
 */
function isReferenceShapeOfPathItem(p: SpecProblem, document: Record<string, unknown>, swagger: boolean): boolean {
  const key = UNEXPECTED.exec(p.message)?.[1];
  if (!swagger || key === undefined || !SWAGGER_PATH_ITEM_FIELDS.has(key) || !PATH_ITEM_AT.test(p.pointer)) return false;
  const item = resolvePointer(document, p.pointer);
  return item !== null && typeof item === 'object' && !Array.isArray(item) && !('$ref' in item);
}

/** A response's own fields, `Property description is not expected` to a Reference Object, on a response with no `$ref`. */
function isReferenceShapeOfResponse(p: SpecProblem, document: Record<string, unknown>, swagger: boolean): boolean {
  const key = UNEXPECTED.exec(p.message)?.[1];
  if (key === undefined || !RESPONSE_AT.test(p.pointer)) return false;
  const response = resolvePointer(document, p.pointer);
  if (response === null || typeof response !== 'object' || Array.isArray(response) || '$ref' in response) return false;
  return (swagger ? SWAGGER_RESPONSE_FIELDS : OPENAPI_RESPONSE_FIELDS).has(key);
}

/** `Property get is not expected` on a path item whose `get` has problems of its own: a shape that has `get` checked it. */
function isUnexpectedButValidated(p: SpecProblem, problems: SpecProblem[]): boolean {
  const key = UNEXPECTED.exec(p.message)?.[1];
  if (key === undefined) return false;
  const below = `${p.pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  return problems.some((o) => o.pointer === below || o.pointer.startsWith(`${below}/`));
}

function isOtherParameterShape(p: SpecProblem, document: Record<string, unknown>, swagger: boolean): boolean {
  const inPointer = p.pointer.endsWith('/in') && ENUM.test(p.message);
  const at = inPointer ? p.pointer.slice(0, -3) : p.pointer;
  if (!PARAMETER_AT.test(at)) return false;
  const parameter = resolvePointer(document, at);
  if (parameter === null || typeof parameter !== 'object' || Array.isArray(parameter) || '$ref' in parameter) return false;
  const where = (parameter as Record<string, unknown>).in;
  if (typeof where !== 'string' || !(swagger ? SWAGGER_LOCATIONS : OPENAPI_LOCATIONS).has(where)) return false;
  // A location some shape has: the shapes for the other locations said it is not theirs.
  if (inPointer) return true;
  if (!swagger) return false;
  const shape = where === 'body' ? SWAGGER_BODY : SWAGGER_OTHER;
  const unexpected = UNEXPECTED.exec(p.message)?.[1];
  if (unexpected !== undefined) return shape.fields.has(unexpected) || unexpected.startsWith('x-');
  const required = REQUIRED.exec(p.message)?.[1];
  return required !== undefined && !shape.required.includes(required) && !(required === 'required' && where === 'path');
}
