type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The copy of an OpenAPI 3.2 document that @scalar/openapi-parser 0.24 can validate. Its 3.2 schema points at the
 * Schema Object with `$dynamicRef: '#meta'` (parameter, header and media-type `schema`, `itemSchema`,
 * `components.schemas`), which Ajv resolves to the object holding it: every parameter with a `schema` was checked
 * as if its schema were a parameter, and no 3.2 document with a schema loaded. (The library's 3.1 schema says
 * `$ref: '#/$defs/schema'` there instead, and that schema asks only for an object or a boolean.) Each Schema Object
 * is replaced here by a stand-in the holder's own shape accepts, so the holder and everything else is still checked
 * and every problem keeps its pointer. A schema that is no object or boolean is left as it is, to be refused.
 */
export function withSchemaStandIns(document: Obj): Obj {
  const copy = structuredClone(document);
  const components = copy.components;
  if (isObj(components)) {
    if (isObj(components.schemas)) for (const name of Object.keys(components.schemas)) replace(components.schemas, name, MEDIA_TYPE_SCHEMA);
    standInEach(components.parameters, PARAMETER_SCHEMA);
    if (isObj(components.mediaTypes)) for (const mediaType of Object.values(components.mediaTypes)) standInMediaType(mediaType);
  }
  walk(copy);
  return copy;
}

/** A valid parameter, header and media type, with no Schema Object of their own to resolve again. */
const MEDIA_TYPE_SCHEMA = () => ({});
const PARAMETER_SCHEMA = () => ({ name: 'stand-in', in: 'header', content: { 'application/json': {} } });
const HEADER_SCHEMA = () => ({ content: { 'application/json': {} } });

function walk(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item);
    return;
  }
  if (!isObj(node)) return;
  if (Array.isArray(node.parameters)) for (const p of node.parameters) if (isObj(p)) replace(p, 'schema', PARAMETER_SCHEMA);
  standInEach(node.headers, HEADER_SCHEMA);
  if (isObj(node.content)) for (const mediaType of Object.values(node.content)) standInMediaType(mediaType);
  for (const value of Object.values(node)) walk(value);
}

function standInEach(map: unknown, standIn: () => Obj): void {
  if (isObj(map)) for (const holder of Object.values(map)) if (isObj(holder)) replace(holder, 'schema', standIn);
}

function standInMediaType(mediaType: unknown): void {
  if (!isObj(mediaType)) return;
  replace(mediaType, 'schema', MEDIA_TYPE_SCHEMA);
  replace(mediaType, 'itemSchema', MEDIA_TYPE_SCHEMA);
}

function replace(holder: Obj, key: string, standIn: () => Obj): void {
  const value = holder[key];
  if (isObj(value) || typeof value === 'boolean') holder[key] = standIn();
}
