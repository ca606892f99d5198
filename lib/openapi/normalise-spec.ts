import { escapePointerToken } from './json-pointer';
import { isOpenApi32, pathItems, pathItemOperations } from './path-items';
import { resolveServers, type RawServer } from './servers';
import { type NormalisedSpec, type SecurityScheme, type SpecProblem, type SpecOperation, type SpecParameter, type SpecVersion } from './spec-model';
import { isDeprecatedLifecycle, isRetiredLifecycle, ownerFrom, ownerRef, slug, sunsetFrom } from './spec-extensions';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Reads an upgraded (OpenAPI 3.1 shape), dereferenced document into the operation model. Only shallow
 * fields are read, so recursive schemas (legal, and everywhere in Stripe's spec) are never walked.
 * What is read but only partly used (servers past the bound) is added to `warnings`.
 */
export function normaliseSpec(id: string, version: SpecVersion, doc: Obj, warnings: SpecProblem[] = []): NormalisedSpec {
  const info = obj(doc.info);
  const specOwner = ownerFrom(doc) ?? ownerFrom(info) ?? contactOwner(obj(info.contact));
  const rootSecurity = securityOf(doc.security) ?? [];
  const servers = resolveServers(doc.servers as RawServer[] | undefined, warnings);
  const apiDeprecated = isDeprecatedLifecycle(info) || isDeprecatedLifecycle(doc);
  const operations: SpecOperation[] = [];
  const openapi32 = isOpenApi32(doc);
  for (const [path, item] of pathItems(doc.paths)) {
    const pathParams = parametersOf(item.parameters);
    for (const { method, tokens, operation: op } of pathItemOperations(item, openapi32)) {
      const operation = operationOf(path, method, tokens, op, item, pathParams, rootSecurity, specOwner, warnings);
      operations.push(apiDeprecated ? { ...operation, deprecated: true } : operation);
    }
  }
  operations.sort((a, b) => (a.path === b.path ? (a.method < b.method ? -1 : 1) : a.path < b.path ? -1 : 1));
  return {
    id,
    version,
    title: str(info.title) ?? id,
    apiVersion: str(info.version) ?? '',
    servers,
    owner: specOwner,
    retired: isRetiredLifecycle(info) || isRetiredLifecycle(doc),
    ...(apiDeprecated ? { deprecated: true } : {}),
    sunset: sunsetFrom(info, warnings, '/info') ?? sunsetFrom(doc, warnings),
    securitySchemes: securitySchemesOf(obj(obj(doc.components).securitySchemes)),
    operations,
  };
}

function operationOf(
  path: string,
  method: string,
  tokens: string[],
  op: Obj,
  item: Obj,
  pathParams: Array<SpecParameter & { multi: boolean }>,
  rootSecurity: SpecOperation['security'],
  specOwner: string | undefined,
  warnings: SpecProblem[],
): SpecOperation {
  const merged = new Map<string, SpecParameter & { multi: boolean }>();
  for (const p of [...pathParams, ...parametersOf(op.parameters)]) merged.set(`${p.in}|${p.name}`, p);
  const params = [...merged.values()];
  const multiSegment = params.filter((p) => p.in === 'path' && p.multi).map((p) => p.name);
  for (const m of path.matchAll(/\{[+#]([^{}]+)\}/g)) if (!multiSegment.includes(m[1])) multiSegment.push(m[1]);
  const itemPointer = `/paths/${escapePointerToken(path)}`;
  const opPointer = `${itemPointer}/${tokens.map(escapePointerToken).join('/')}`;
  const sunset = sunsetFrom(op, warnings, opPointer) ?? sunsetFrom(item, warnings, itemPointer);
  const opServers = Array.isArray(op.servers) && op.servers.length > 0;
  const ownServers = opServers ? op.servers : Array.isArray(item.servers) && item.servers.length > 0 ? item.servers : undefined;
  const serversPointer = `${opServers ? opPointer : itemPointer}/servers`;
  return {
    method,
    path,
    operationId: str(op.operationId),
    summary: str(op.summary) ?? str(item.summary),
    // A retired operation or path item gets the API's lifecycle rules; the model has one flag per operation for
    // "should no longer be called" (stored and classified as such), so retired counts as deprecated.
    deprecated: op.deprecated === true || item.deprecated === true || [op, item].some((n) => isRetiredLifecycle(n) || isDeprecatedLifecycle(n)),
    ...(sunset ? { sunset } : {}),
    parameters: params.map(({ multi: _multi, ...p }) => p),
    responses: Object.keys(obj(op.responses)),
    security: securityOf(op.security) ?? rootSecurity,
    multiSegment,
    owner: ownerFrom(op) ?? ownerFrom(item) ?? specOwner,
    ...(ownServers ? { servers: resolveServers(ownServers as RawServer[], warnings, serversPointer) } : {}),
  };
}

function parametersOf(raw: unknown): Array<SpecParameter & { multi: boolean }> {
  if (!Array.isArray(raw)) return [];
  const out: Array<SpecParameter & { multi: boolean }> = [];
  for (const p of raw) {
    const param = obj(p);
    const name = str(param.name);
    const where = str(param.in);
    if (!name || !where) continue;
    const schema = obj(param.schema);
    const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
    out.push({
      name,
      in: where,
      required: param.required === true,
      ...(typeof type === 'string' ? { type } : {}),
      ...(typeof schema.format === 'string' ? { format: schema.format } : {}),
      ...(Array.isArray(schema.enum) ? { enum: schema.enum.slice(0, 256) } : {}),
      ...(typeof schema.pattern === 'string' ? { pattern: schema.pattern } : {}),
      ...(param.example !== undefined ? { example: param.example } : schema.example !== undefined ? { example: schema.example } : {}),
      multi: param['x-multi-segment'] === true || schema['x-multi-segment'] === true,
    });
  }
  return out;
}

function securityOf(raw: unknown): SpecOperation['security'] | undefined {
  if (!Array.isArray(raw)) return undefined;
  return raw.map((req) => {
    const schemes: Record<string, string[]> = {};
    for (const [name, scopes] of Object.entries(obj(req))) {
      schemes[name] = Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : [];
    }
    return { schemes };
  });
}

function securitySchemesOf(raw: Obj): Record<string, SecurityScheme> {
  const out: Record<string, SecurityScheme> = {};
  for (const [name, value] of Object.entries(raw)) {
    const s = obj(value);
    const type = str(s.type);
    if (!type) continue;
    out[name] = { type, ...(str(s.in) ? { in: str(s.in) } : {}), ...(str(s.name) ? { name: str(s.name) } : {}), ...(str(s.scheme) ? { scheme: str(s.scheme)!.toLowerCase() } : {}) };
  }
  return out;
}

function contactOwner(contact: Obj): string | undefined {
  const name = str(contact.name);
  if (name) return ownerRef(name);
  const email = str(contact.email);
  return email ? `user:default/${slug(email.split('@')[0])}` : undefined;
}
