import type { ErrorObject } from 'ajv';
import { pointerOf } from './json-pointer';
import type { SpecProblem } from './spec-model';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * OpenAPI 3.1 and 3.2 Schema Objects checked against the JSON Schema 2020-12 meta-schema (ajv's Ajv2020, the
 * validator @scalar/openapi-parser itself runs on). The OpenAPI schemas the parser validates with ask of a 3.1/3.2
 * Schema Object only that it be an object or a boolean (its dialect is open), so `type: arr` or `required: id` was
 * registered without a word, where 3.0 and Swagger 2.0 documents get the same mistake refused with its pointer. A
 * document or schema naming a dialect other than 2020-12 or OpenAPI's own (`jsonSchemaDialect`, `$schema`) is left
 * alone: its keywords are not these. Formats are not checked (a `$ref`'s form is the reference checks' business).
 */
export async function findSchemaObjectProblems(doc: Obj): Promise<SpecProblem[]> {
  if (typeof doc.openapi !== 'string' || !/^3\.[12]\./.test(doc.openapi) || !knownDialect(doc.jsonSchemaDialect)) return [];
  const located = schemaObjects(doc).filter(({ schema }) => !isObj(schema) || knownDialect(schema.$schema));
  if (located.length === 0) return [];
  const validator = await metaSchemaValidator();
  return located.flatMap(({ tokens, schema }) => (validator.validateSchema(schema) ? [] : problemsOf(tokens, schema, validator.errors ?? [])));
}

const DIALECT = /^(?:https:\/\/json-schema\.org\/draft\/2020-12\/schema|https:\/\/spec\.openapis\.org\/oas\/3\.[12]\/dialect\/[^#]*)#?$/;
const knownDialect = (uri: unknown) => uri === undefined || (typeof uri === 'string' && DIALECT.test(uri));

type Validator = { validateSchema(schema: unknown): boolean | Promise<unknown>; errors?: ErrorObject[] | null };
let validator: Promise<Validator> | undefined;

/** Loaded on the first 3.1/3.2 document only: discover and ingest of 3.0 specs never pay for it. */
function metaSchemaValidator(): Promise<Validator> {
  validator ??= import('ajv/dist/2020.js').then((m) => new m.Ajv2020({ strict: false, allErrors: true, validateFormats: false }));
  return validator;
}

/** Where the document holds a Schema Object: parameter, header and media type `schema`, 3.2's `itemSchema`, `components.schemas`. */
function schemaObjects(doc: Obj): { tokens: string[]; schema: unknown }[] {
  const found: { tokens: string[]; schema: unknown }[] = [];
  const components = doc.components;
  if (isObj(components) && isObj(components.schemas)) for (const [name, schema] of Object.entries(components.schemas)) found.push({ tokens: ['components', 'schemas', name], schema });
  const walk = (node: unknown, tokens: string[]): void => {
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, [...tokens, String(i)]));
    if (!isObj(node)) return;
    for (const [key, value] of Object.entries(node)) {
      // Example values and extensions are free-form: a `schema` member there is no Schema Object.
      if (key.startsWith('x-') || key === 'example' || key === 'examples' || (tokens.length === 1 && tokens[0] === 'components' && key === 'schemas')) continue;
      if ((key === 'schema' || key === 'itemSchema') && (isObj(value) || typeof value === 'boolean')) found.push({ tokens: [...tokens, key], schema: value });
      else walk(value, [...tokens, key]);
    }
  };
  walk(doc, []);
  return found;
}

/**
 * The meta-schema says a `type` it refuses three times (the enum of type names, the list form, the `anyOf` of the
 * two) and a nested mistake again at every enclosing alternative: one problem is kept per place, the deepest.
 */
function problemsOf(tokens: string[], schema: unknown, errors: ErrorObject[]): SpecProblem[] {
  const specific = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
  const deepest = specific.filter((e) => !specific.some((o) => o.instancePath.startsWith(`${e.instancePath}/`)));
  const byPlace = new Map<string, ErrorObject>();
  for (const e of deepest) if (!byPlace.has(e.instancePath) || e.keyword === 'enum') byPlace.set(e.instancePath, e);
  return [...byPlace.values()].map((e) => ({ pointer: `${pointerOf(tokens)}${e.instancePath}`, message: messageOf(e, valueAt(schema, e.instancePath)) }));
}

function messageOf(e: ErrorObject, value: unknown): string {
  // OpenAPI 3.0's form, the commonest mistake of a document moved to 3.1: the bound is the keyword's own number now.
  const bound = /\/exclusive(Minimum|Maximum)$/.exec(e.instancePath);
  if (bound && typeof value === 'boolean') return `must be a number in JSON Schema 2020-12, not ${value}: write exclusive${bound[1]}: <bound> in place of ${bound[1].toLowerCase()} with exclusive${bound[1]}: true`;
  const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
  if (e.keyword === 'enum' && allowed) return `must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`;
  return e.message ?? `fails the JSON Schema 2020-12 meta-schema's ${e.keyword}`;
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const token of pointer.split('/').slice(1)) node = isObj(node) || Array.isArray(node) ? (node as Obj)[token.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return node;
}
