import { HTTP_METHODS } from '../openapi/spec-model';
import { exportServers } from './export-server';
import { securitySchemeFor, type SchemeRegistry } from './observed-security';

/**
 * Reconstructs an OpenAPI 3.1 document from observed endpoints — what an owner would paste into their spec to
 * adopt shadow endpoints. Only what traffic showed goes in: path parameters from the template, query parameter names,
 * the status codes seen, and the auth schemes seen (never a credential).
 */
export interface ObservedEndpoint {
  method: string;
  pathTemplate: string;
  statusCounts: Record<string, number>;
  authCounts: Record<string, number>;
  queryParams?: Record<string, number>;
  /** Transport → requests (evidence `transports`): the server's scheme for rows stored without `schemes`. */
  transports?: Record<string, number>;
  /** URL scheme → requests (evidence `schemes`): the export's servers. */
  schemes?: Record<string, number>;
  requestCount: number;
  firstSeen: string;
  lastSeen: string;
}

export function reconstructOpenApi(host: string, endpoints: ObservedEndpoint[], title = `${host} (observed by Lantern)`): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title, version: '0.0.0-observed', description: 'Reconstructed from observed traffic. Review names, schemas and descriptions before adopting.' },
    servers: exportServers(host, endpoints),
    ...shadowPaths(endpoints),
  };
}

/**
 * The `paths` and `components` of a reconstruction: the whole export's, and the endpoint page's adopt snippet (one
 * endpoint), so the snippet an owner pastes is shaped exactly as the export is.
 */
export function shadowPaths(endpoints: ObservedEndpoint[]): { paths: Record<string, Record<string, unknown>>; components?: { securitySchemes: Record<string, unknown> } } {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemes: SchemeRegistry = new Map();
  const operationIds = new Set<string>();
  for (const e of [...endpoints].sort((a, b) => (a.pathTemplate < b.pathTemplate ? -1 : a.pathTemplate > b.pathTemplate ? 1 : a.method < b.method ? -1 : 1))) {
    const op = operationFor(e, schemes);
    op.operationId = uniqueId(String(op.operationId), operationIds);
    const item = (paths[e.pathTemplate] ??= {});
    const method = e.method.toLowerCase();
    // OpenAPI 3.1 has no place for WebDAV, PURGE or other custom methods (3.2's additionalOperations does): a key
    // for them makes the whole document invalid, so they go under an extension of the path item, shaped like 3.2's.
    if (OPENAPI_METHODS.has(method)) item[method] = op;
    else ((item[EXTRA_OPERATIONS] ??= {}) as Record<string, unknown>)[e.method.toUpperCase()] = op;
  }
  return { paths, ...(schemes.size > 0 ? { components: { securitySchemes: Object.fromEntries(schemes) } } : {}) };
}

const OPENAPI_METHODS = new Set<string>(HTTP_METHODS);
export const EXTRA_OPERATIONS = 'x-lantern-additional-operations';

/** Operation IDs must be unique in a document; `/a-b` and `/a_b`, or two non-ASCII paths, derive the same one. */
function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
  taken.add(id);
  return id;
}

export function operationFor(e: ObservedEndpoint, schemes: SchemeRegistry = new Map()): Record<string, unknown> {
  const pathParams = [...e.pathTemplate.matchAll(/\{([^}]+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  const queryParams = Object.keys(e.queryParams ?? {}).sort().map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } }));
  const responses: Record<string, unknown> = {};
  for (const status of Object.keys(e.statusCounts).filter((s) => /^[1-5]\d\d$/.test(s)).sort()) responses[status] = { description: `Observed ${e.statusCounts[status]} time(s)` };
  if (Object.keys(responses).length === 0) responses.default = { description: 'No response observed' };
  const security: Record<string, string[]>[] = [];
  const queryNames = new Set(Object.keys(e.queryParams ?? {}));
  for (const kind of Object.keys(e.authCounts).sort()) {
    const scheme = securitySchemeFor(kind, queryNames, schemes);
    if (scheme && !security.some((s) => scheme in s)) security.push({ [scheme]: [] });
  }
  if (security.length > 0 && (e.authCounts.none ?? 0) > 0) security.push({});
  return {
    operationId: operationId(e.method, e.pathTemplate),
    summary: `${e.method} ${e.pathTemplate}`,
    ...(pathParams.length + queryParams.length > 0 ? { parameters: [...pathParams, ...queryParams] } : {}),
    responses,
    ...(security.length > 0 ? { security } : {}),
    'x-lantern-observed': { requests: e.requestCount, firstSeen: e.firstSeen, lastSeen: e.lastSeen },
  };
}

function operationId(method: string, template: string): string {
  const words = template.split('/').filter(Boolean).map((s) => s.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')));
  return method.toLowerCase() + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}
