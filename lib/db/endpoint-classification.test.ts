import { describe, expect, test } from 'vitest';
import { loadSpecDocument } from '../openapi/load-spec';
import { createMatcher } from '../openapi/matcher';
import { indexShadowTemplates } from '../inventory/shadow-templates';
import { desiredEndpoint, evidenceOf, type ClassificationContext, type StoredEndpointFacts } from './endpoint-classification';

describe('desiredEndpoint', async () => {
  const r = await loadSpecDocument('items.yaml', {
    openapi: '3.0.3',
    info: { title: 'Items', version: '1' },
    servers: [{ url: 'https://shop.test/base/v1' }],
    security: [{ key: [] }],
    components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'x-api-key' } } },
    paths: { '/items/{id}': { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], get: { responses: { '200': { description: 'ok' } } } } },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const ctx: ClassificationContext = {
    catalog: {
      specs: new Map([['s1', { specId: 's1', apiId: 'api1', apiSlug: 'items', apiLifecycle: 'production', ownerTeamId: 'team1', spec: r.spec, operations: new Map([['GET /items/{id}', { id: 'op1', operationId: null, deprecated: false, sunsetAt: null }]]) }]]),
      matcher: createMatcher([{ ...r.spec, id: 's1' }]),
      apiHosts: [],
      relativeApis: [],
    },
    overrides: [],
    rules: [],
    deprecatedIds: new Map(),
    shadowTemplates: new Map(),
    servedHosts: [],
  };
  const row = (method: string, pathTemplate: string): StoredEndpointFacts => ({
    id: 'e1', host: 'shop.test', method, pathTemplate, requestCount: 3n,
    statusCounts: { '204': 3 }, authCounts: { none: 3 }, sensitiveTags: [], evidence: {}, lastSeen: new Date('2026-01-01T00:00:00Z'),
  });

  test('a stored CORS preflight on a documented path is documented in its API, with no operation row of its own', () => {
    // Before: the inventory kept `OPTIONS /base/v1/items/{id}` as a shadow endpoint.
    const d = desiredEndpoint(row('OPTIONS', '/base/v1/items/{id}'), ctx);
    expect([d.pathTemplate, d.state, d.operationId, d.apiId, d.ownerTeamId, d.findings]).toEqual(['/base/v1/items/{id}', 'documented', null, 'api1', 'team1', []]);
    expect(desiredEndpoint(row('OPTIONS', '/base/v1/other/{id}'), ctx).state).toBe('shadow');
  });

  test('an approved deprecation of a stored preflight makes it a zombie, as on any endpoint', () => {
    const deprecated = { ...ctx, deprecatedIds: new Map([['e1', null]]) };
    expect(desiredEndpoint(row('OPTIONS', '/base/v1/items/{id}'), deprecated).state).toBe('zombie');
  });
});

test("a stored row's per-token scopes reach the findings rules; a row from before 6 Dec has only the union", () => {
  // Before: reclassifying stored rows rebuilt the evidence without them, so the server judged tokens by the union.
  const row = (evidence: object): StoredEndpointFacts => ({
    id: 'e1', host: 'shop.test', method: 'POST', pathTemplate: '/orders', requestCount: 2n,
    statusCounts: { '201': 2 }, authCounts: { 'bearer-jwt': 2 }, sensitiveTags: [], evidence, lastSeen: new Date('2026-01-01T00:00:00Z'),
  });
  const now = evidenceOf(row({ scopesSeen: ['read', 'write'], scopeSets: ['read', 'write'] }));
  expect([now.scopesSeen, now.scopeSets]).toEqual([['read', 'write'], ['read', 'write']]);
  expect('scopeSets' in evidenceOf(row({ scopesSeen: ['read', 'write'] }))).toBe(false);
  expect(evidenceOf(row({ jwtNotEnforced2xx: 3 })).jwtNotEnforced2xx).toBe(3);
});

describe('a shadow method on a documented path', async () => {
  const ok = { responses: { '200': { description: 'ok' } } };
  const r = await loadSpecDocument('notes.yaml', {
    openapi: '3.0.3',
    info: { title: 'Notes', version: '1' },
    servers: [{ url: 'https://notes.test/v1' }],
    paths: {
      '/notes/{note}/lines': { parameters: [{ name: 'note', in: 'path', required: true, schema: { type: 'string' } }], get: ok },
      '/notes/preview/lines': { get: ok },
    },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const operations = new Map([
    ['GET /notes/{note}/lines', { id: 'op1', operationId: null, deprecated: false, sunsetAt: null }],
    ['GET /notes/preview/lines', { id: 'op2', operationId: null, deprecated: false, sunsetAt: null }],
  ]);
  const ctx: ClassificationContext = {
    catalog: { specs: new Map([['s1', { specId: 's1', apiId: 'api1', apiSlug: 'notes', apiLifecycle: 'production', ownerTeamId: null, spec: r.spec, operations }]]), matcher: createMatcher([{ ...r.spec, id: 's1' }]), apiHosts: [], relativeApis: [] },
    overrides: [],
    rules: [],
    deprecatedIds: new Map(),
    shadowTemplates: indexShadowTemplates([{ host: 'notes.test', method: 'POST', pathTemplate: '/v1/notes/{note}/lines', requestCount: 1n }]),
    servedHosts: [],
  };
  const row = (pathTemplate: string): StoredEndpointFacts => ({
    id: 'e1', host: 'notes.test', method: 'POST', pathTemplate, requestCount: 1n,
    statusCounts: { '200': 1 }, authCounts: { none: 1 }, sensitiveTags: [], evidence: {}, lastSeen: new Date('2026-01-01T00:00:00Z'),
  });

  test('keeps the literal path the spec documents, not the shadow template of its parameter sibling', () => {
    // Before: `POST /v1/notes/preview/lines` (Stripe's /v1/credit_notes/preview/lines) was folded into
    // `POST /v1/notes/{note}/lines`, the spec's literal taken for one value of the parameter beside it.
    expect([desiredEndpoint(row('/v1/notes/preview/lines'), ctx)].map((d) => [d.pathTemplate, d.state, d.apiId])).toEqual([['/v1/notes/preview/lines', 'shadow', 'api1']]);
  });

  test('still folds a value of the parameter into that template', () => {
    expect(desiredEndpoint(row('/v1/notes/n_7/lines'), ctx).pathTemplate).toBe('/v1/notes/{note}/lines');
  });
});

test("a new name at a site's root is no value of a stored root {param} where nothing makes the root values", () => {
  // Before: a new `mitmproxy.org/robots.txt` was folded into the `/{param}` a spec's base path made before 7 Dec (21).
  const ctx: ClassificationContext = {
    catalog: { specs: new Map(), matcher: createMatcher([]), apiHosts: [], relativeApis: [] },
    overrides: [], rules: [], deprecatedIds: new Map(), servedHosts: [],
    shadowTemplates: indexShadowTemplates(['/{param}', '/{tenant}', '/files/{param}'].map((pathTemplate) => ({ host: 'mitm.test', method: 'GET', pathTemplate, requestCount: 20n }))),
  };
  const row = (pathTemplate: string): StoredEndpointFacts => ({
    id: 'e1', host: 'mitm.test', method: 'GET', pathTemplate, requestCount: 1n,
    statusCounts: { '200': 1 }, authCounts: {}, sensitiveTags: [], evidence: {}, lastSeen: new Date('2026-01-01T00:00:00Z'),
  });
  const noTenant = { ...ctx, shadowTemplates: indexShadowTemplates(['/{param}', '/files/{param}'].map((pathTemplate) => ({ host: 'mitm.test', method: 'GET', pathTemplate, requestCount: 20n }))) };
  expect(desiredEndpoint(row('/robots.txt'), noTenant).pathTemplate).toBe('/robots.txt');
  // Below the root, and a route's own root parameter, cover a quiet batch's literals as before.
  expect(desiredEndpoint(row('/files/a.txt'), noTenant).pathTemplate).toBe('/files/{param}');
  expect(desiredEndpoint(row('/robots.txt'), ctx).pathTemplate).toBe('/{tenant}');
});
