import { expect, test } from 'vitest';
import { loadSpecDocument } from '../openapi/load-spec';
import { createMatcher, matchOperation } from '../openapi/matcher';
import { backstageEntities } from './backstage';
import { inventoryCsv } from './inventory-csv';
import { reconstructOpenApi, type ObservedEndpoint } from './shadow-openapi';

const observed: ObservedEndpoint[] = [
  { method: 'GET', pathTemplate: '/v2/internal/reconcile', statusCounts: { '200': 40, '503': 2 }, authCounts: { none: 12, 'bearer-jwt': 30 }, queryParams: { since: 3 }, requestCount: 42, firstSeen: '2026-11-01T00:00:00.000Z', lastSeen: '2026-11-20T00:00:00.000Z' },
  { method: 'DELETE', pathTemplate: '/v2/charges/{chargeId}', statusCounts: { '204': 5 }, authCounts: { 'api-key:x-api-key': 5 }, requestCount: 5, firstSeen: '2026-11-02T00:00:00.000Z', lastSeen: '2026-11-19T00:00:00.000Z' },
];

test('the reconstructed OpenAPI 3.1 document is a valid spec that documents exactly the observed endpoints', async () => {
  const doc = reconstructOpenApi('api.payments.example.com', observed);
  const loaded = await loadSpecDocument('observed', doc);
  expect(loaded.ok).toBe(true);
  if (!loaded.ok) return;
  expect(loaded.spec.version).toBe('3.1');
  const matcher = createMatcher([loaded.spec]);
  const hit = matchOperation(matcher, 'api.payments.example.com', 'DELETE', '/v2/charges/ch_123');
  expect(hit.kind).toBe('operation');
  expect(matchOperation(matcher, 'api.payments.example.com', 'POST', '/v2/charges/ch_123').kind).not.toBe('operation');
  const reconcile = (doc.paths as Record<string, Record<string, Record<string, unknown>>>)['/v2/internal/reconcile'].get;
  expect(reconcile.operationId).toBe('getV2InternalReconcile');
  expect(Object.keys(reconcile.responses as object)).toEqual(['200', '503']);
  expect(reconcile.parameters).toEqual([{ name: 'since', in: 'query', required: false, schema: { type: 'string' } }]);
  // Anonymous calls were seen too, so anonymous access is an explicit alternative.
  expect(reconcile.security).toEqual([{ bearerJwt: [] }, {}]);
  expect((doc.components as { securitySchemes: object }).securitySchemes).toEqual({
    bearerJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
    'apiKey_x_api_key': { type: 'apiKey', in: 'header', name: 'x-api-key' },
  });
});

test('CSV export quotes, escapes and defuses formula cells', () => {
  const csv = inventoryCsv([
    { id: '1', host: 'h', method: 'GET', pathTemplate: '/a,"b"', state: 'shadow', triage: 'new', requestCount: 3, firstSeen: 'f', lastSeen: 'l', statusCounts: { '200': 3 }, authCounts: { none: 3 }, sensitiveTags: [], latency: null, ignored: false, unlisted: false, api: null, ownerTeam: { slug: '=cmd|calc', name: 'x' } },
  ]);
  const [header, row] = csv.trim().split('\r\n');
  expect(header).toBe('state,method,host,path,api,owner,triage,requests,firstSeen,lastSeen,authKinds,sensitive,statuses,ignored,p50Ms,p95Ms,unlisted');
  expect(row).toBe(`shadow,GET,h,"/a,""b""",,'=cmd|calc,new,3,f,l,none,,200:3,false,,,false`);
});

test('the CSV export says which rows an ignore override hides, as the JSON export does (includeIgnored lists them)', () => {
  const rows = inventoryCsv([
    { id: '1', host: 'h', method: 'GET', pathTemplate: '/health', state: 'shadow', triage: 'new', requestCount: 1, firstSeen: 'f', lastSeen: 'l', statusCounts: {}, authCounts: {}, sensitiveTags: [], latency: null, ignored: true, unlisted: false, api: null, ownerTeam: null },
    { id: '2', host: 'h', method: 'GET', pathTemplate: '/orders', state: 'shadow', triage: 'new', requestCount: 1, firstSeen: 'f', lastSeen: 'l', statusCounts: {}, authCounts: {}, sensitiveTags: [], latency: null, ignored: false, unlisted: false, api: null, ownerTeam: null },
  ]).trim().split('\r\n');
  expect(rows.slice(1).map((r) => r.split(',').at(-4))).toEqual(['true', 'false']);
});

test('every cell a spreadsheet would run as a formula gets a leading quote (OWASP: = + - @ tab CR), then RFC 4180 quoting', () => {
  const row = (host: string) => inventoryCsv([
    { id: '1', host, method: 'GET', pathTemplate: '/', state: 'shadow', triage: 'new', requestCount: 1, firstSeen: 'f', lastSeen: 'l', statusCounts: {}, authCounts: {}, sensitiveTags: [], latency: null, ignored: false, unlisted: false, api: null, ownerTeam: null },
  ]).split('\r\n')[1].split(',GET,')[1].slice(0, -',/,,,new,1,f,l,,,,false,,,false'.length);
  expect(['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', 'a,b', 'a"b', 'a\nb', 'api.example.com'].map(row)).toEqual([
    "'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\t=1", `"'\r=1"`, '"a,b"', '"a""b"', '"a\nb"', 'api.example.com',
  ]);
});

test('Backstage entities carry owner refs and a lifecycle from Backstage\'s closed set', () => {
  const [e] = backstageEntities([{ slug: 'payments', name: 'Payments API', description: null, ownerTeam: { slug: 'payments' }, lifecycle: 'retired', hosts: ['https://api.payments.example.com/v2'] }], 'https://lantern.example.org/');
  expect(e).toEqual({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: 'payments', title: 'Payments API', annotations: { 'lantern.dev/api': 'payments', 'lantern.dev/hosts': 'https://api.payments.example.com/v2' }, tags: ['retired'] },
    spec: { type: 'openapi', lifecycle: 'deprecated', owner: 'group:default/payments', definition: { $text: 'https://lantern.example.org/api/apis/payments/specs/current' } },
  });
});

const seen = (method: string, pathTemplate: string): ObservedEndpoint => ({ method, pathTemplate, statusCounts: { '207': 2 }, authCounts: { none: 2 }, requestCount: 2, firstSeen: '2026-12-05T08:00:00.000Z', lastSeen: '2026-12-05T09:00:00.000Z' });

test('WebDAV and other custom methods keep the export a valid document and are kept under an extension', async () => {
  const doc = reconstructOpenApi('dav.example.com', [seen('PROPFIND', '/dav/{file}'), seen('GET', '/dav/{file}'), seen('PURGE', '/cache/x')]);
  const loaded = await loadSpecDocument('observed', doc);
  expect(loaded.ok ? [] : loaded.problems).toEqual([]);
  const paths = doc.paths as Record<string, Record<string, Record<string, Record<string, unknown>>>>;
  expect(Object.keys(paths['/dav/{file}'])).toEqual(['get', 'x-lantern-additional-operations']);
  expect(paths['/dav/{file}']['x-lantern-additional-operations'].PROPFIND.operationId).toBe('propfindDavFile');
  expect(paths['/cache/x']['x-lantern-additional-operations'].PURGE.summary).toBe('PURGE /cache/x');
});

test('operation IDs stay unique when two paths derive the same one, so the export loads', async () => {
  const doc = reconstructOpenApi('api.example.com', [seen('GET', '/a-b'), seen('GET', '/a_b'), seen('GET', '/users/id'), seen('GET', '/users/{id}'), seen('GET', '/'), seen('GET', '/é')]);
  const loaded = await loadSpecDocument('observed', doc);
  expect(loaded.ok ? [] : loaded.problems).toEqual([]);
  const ids = Object.entries(doc.paths as Record<string, { get: { operationId: string } }>).map(([p, item]) => [p, item.get.operationId]);
  expect(ids).toEqual([['/', 'get'], ['/a-b', 'getAB'], ['/a_b', 'getAB_2'], ['/users/id', 'getUsersId'], ['/users/{id}', 'getUsersId_2'], ['/é', 'get_2']]);
});

test('API keys are declared where they were sent, and keys whose names sanitise alike keep their own schemes', async () => {
  const withAuth = (pathTemplate: string, kind: string, queryParams: Record<string, number> = {}): ObservedEndpoint => ({ ...seen('GET', pathTemplate), authCounts: { [kind]: 2 }, queryParams });
  const doc = reconstructOpenApi('api.example.com', [
    withAuth('/kong', 'api-key:apikey'),
    withAuth('/legacy', 'api-key:api_key', { api_key: 2, page: 1 }),
    withAuth('/header', 'api-key:x-api-key'),
    withAuth('/query', 'api-key:x_api_key', { X_API_KEY: 2 }),
  ]);
  const loaded = await loadSpecDocument('observed', doc);
  expect(loaded.ok ? [] : loaded.problems).toEqual([]);
  expect((doc.components as { securitySchemes: object }).securitySchemes).toEqual({
    apiKey_x_api_key: { type: 'apiKey', in: 'header', name: 'x-api-key' },
    apiKey_apikey: { type: 'apiKey', in: 'header', name: 'apikey' },
    apiKey_api_key: { type: 'apiKey', in: 'query', name: 'api_key' },
    apiKey_x_api_key_2: { type: 'apiKey', in: 'query', name: 'x_api_key' },
  });
  const security = (p: string) => (doc.paths as Record<string, { get: { security: unknown } }>)[p].get.security;
  expect([security('/header'), security('/query'), security('/kong')]).toEqual([[{ apiKey_x_api_key: [] }], [{ apiKey_x_api_key_2: [] }], [{ apiKey_apikey: [] }]]);
});

test('a cookie scheme names the session cookie, and endpoints sending different session cookies keep their own schemes', async () => {
  const withCookies = (pathTemplate: string, kind: string): ObservedEndpoint => ({ ...seen('GET', pathTemplate), authCounts: { [kind]: 2 } });
  const doc = reconstructOpenApi('app.example.com', [
    withCookies('/account', 'cookie:_ga,session'),
    withCookies('/cart', 'cookie:_ga,connect.sid,theme'),
    withCookies('/legacy', 'cookie:_ga,_gid'),
    withCookies('/profile', 'cookie:_ga,access_token'),
  ]);
  const loaded = await loadSpecDocument('observed', doc);
  expect(loaded.ok ? [] : loaded.problems).toEqual([]);
  expect((doc.components as { securitySchemes: object }).securitySchemes).toEqual({
    cookie_session: { type: 'apiKey', in: 'cookie', name: 'session' },
    cookie_connect_sid: { type: 'apiKey', in: 'cookie', name: 'connect.sid' },
    cookie__ga: { type: 'apiKey', in: 'cookie', name: '_ga' },
    cookie_access_token: { type: 'apiKey', in: 'cookie', name: 'access_token' },
  });
  const security = (p: string) => (doc.paths as Record<string, { get: { security: unknown } }>)[p].get.security;
  expect([security('/account'), security('/cart'), security('/legacy')]).toEqual([[{ cookie_session: [] }], [{ cookie_connect_sid: [] }], [{ cookie__ga: [] }]]);
});
