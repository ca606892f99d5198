import { describe, expect, test } from 'vitest';
import type { Exchange } from '../exchange';
import { loadSpecDocument } from '../openapi/load-spec';
import { createDiscoveryEngine } from './discovery-engine';

const NOW = new Date('2026-01-10T00:00:00Z');
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer' } };

async function engine(hideNotFound = true, hidePreflights = false) {
  const r = await loadSpecDocument('shop.yaml', {
    openapi: '3.0.3',
    info: { title: 'Shop', version: '1', 'x-owner': 'team-orders' },
    servers: [{ url: 'https://shop.test/api' }],
    components: { securitySchemes: { oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://auth.test/token', scopes: { 'orders:read': 'r', 'orders:write': 'w' } } } } } },
    security: [{ oauth: ['orders:read'] }],
    paths: {
      '/orders': { get: { operationId: 'listOrders', parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer' } }], responses: { '200': { description: 'ok' }, '4XX': { description: 'client error' } } } },
      '/orders/{id}': {
        parameters: [idParam],
        get: { operationId: 'getOrder', responses: { '200': { description: 'ok' } } },
        delete: { operationId: 'deleteOrder', deprecated: true, responses: { '204': { description: 'gone' } } },
        put: { operationId: 'replaceOrder', 'x-sunset': '2025-12-31', responses: { '200': { description: 'ok' } } },
        patch: { operationId: 'patchOrder', 'x-sunset': '2027-01-01', responses: { '200': { description: 'ok' } } },
      },
      '/health': { get: { operationId: 'health', security: [], responses: { '200': { description: 'ok' } } } },
    },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return createDiscoveryEngine({ specs: [r.spec], hideNotFound, hidePreflights });
}

const jwt = (scopes: string[]) => ({ kind: 'bearer-jwt', fingerprint: '0123456789abcdef', jwt: { alg: 'RS256', iss: 'https://auth.test/', scopes } });
function ex(partial: Partial<Exchange> & { method: string; path: string }): Exchange {
  return { ts: '2026-01-02T03:04:05Z', host: 'shop.test', status: 200, auth: [jwt(['orders:read'])], src: '10.0.0.8:50000', ...partial };
}

describe('classification', async () => {
  const e = await engine();
  e.addExchange(ex({ method: 'GET', path: '/api/orders', query: ['limit', 'debug'], status: 500 }));
  e.addExchange(ex({ method: 'GET', path: '/api/orders', status: 404, ts: '2026-01-01T00:00:00Z', src: '198.51.100.7:4000' }));
  e.addExchange(ex({ method: 'GET', path: '/api/orders/7', auth: [{ kind: 'none' }], deprecation: '@1735689600', sunset: 'Wed, 31 Dec 2025 23:59:59 GMT', sensitive: ['email'] }));
  e.addExchange(ex({ method: 'DELETE', path: '/api/orders/7', status: 204, auth: [jwt(['profile'])] }));
  e.addExchange(ex({ method: 'PUT', path: '/api/orders/8' }));
  e.addExchange(ex({ method: 'PATCH', path: '/api/orders/9' }));
  e.addExchange(ex({ method: 'POST', path: '/api/orders/9/refunds', sensitive: ['card-number'] }));
  e.addExchange(ex({ method: 'GET', path: '/api/orders/9/refunds' }));
  e.addExchange({ ts: '2026-01-02T03:04:05Z', transport: 'tls', host: 'shop.test' });
  e.addExchange(ex({ method: 'GET', path: '/wp-login.php', status: 404 }));
  e.addExchange(ex({ method: 'POST', path: '/api/orders/7/cancel', status: 405 }));
  const result = e.result(NOW);
  const byKey = new Map(result.endpoints.map((x) => [`${x.method} ${x.path}`, x]));

  test('every endpoint seen gets a state; zombies say why', () => {
    expect(result.endpoints.map((x) => [x.method, x.host + x.path, x.state, x.requests, x.operationId ?? null, x.zombieReasons ?? null])).toEqual([
      ['GET', 'shop.test/api/orders', 'documented', 2, 'listOrders', null],
      ['DELETE', 'shop.test/api/orders/{id}', 'zombie', 1, 'deleteOrder', ['deprecated']],
      ['GET', 'shop.test/api/orders/{id}', 'documented', 1, 'getOrder', null],
      ['PATCH', 'shop.test/api/orders/{id}', 'documented', 1, 'patchOrder', null],
      ['PUT', 'shop.test/api/orders/{id}', 'zombie', 1, 'replaceOrder', ['sunset-passed']],
      ['GET', 'shop.test/api/orders/{id}/refunds', 'shadow', 1, null, null],
      ['POST', 'shop.test/api/orders/{id}/refunds', 'shadow', 1, null, null],
    ]);
    expect(result.unused).toEqual([{ method: 'GET', path: '/api/health', operationId: 'health', specId: 'shop.yaml', deprecated: false }]);
    expect(result.stats).toEqual({ skipped: 1, overflow: 0, notFound: 2, preflights: 0, proxyRefused: 0 });
  });

  test('findings: undocumented statuses, unknown query parameters', () => {
    expect(byKey.get('GET /api/orders')!.findings).toEqual([
      { kind: 'undocumented-status', message: 'responses not in the spec: 500', values: ['500'] },
      { kind: 'unknown-query-param', message: 'query parameters not in the spec: debug', values: ['debug'] },
    ]);
  });

  test('findings: unauthenticated 2xx on a secured operation, undeclared Deprecation and Sunset headers', () => {
    expect(byKey.get('GET /api/orders/{id}')!.findings.map((f) => f.kind)).toEqual(['auth-mismatch', 'undeclared-deprecation', 'undeclared-sunset']);
  });

  test('findings: tokens without the scopes the spec requires', () => {
    const del = byKey.get('DELETE /api/orders/{id}')!;
    expect(del.scopesRequired).toEqual(['orders:read']);
    expect(del.evidence.scopesSeen).toEqual(['profile']);
    expect(del.findings).toEqual([{ kind: 'missing-scopes', message: 'tokens seen lack required scopes: orders:read', values: ['orders:read'] }]);
  });

  test('evidence: first/last seen, statuses, auth, clients; shadow endpoints flag sensitive data', () => {
    const list = byKey.get('GET /api/orders')!;
    expect(list.evidence).toEqual({
      requests: 2,
      firstSeen: '2026-01-01T00:00:00.000Z',
      lastSeen: '2026-01-02T03:04:05.000Z',
      statuses: { '404': 1, '500': 1 },
      authKinds: { 'bearer-jwt': 2 },
      jwtIssuers: ['https://auth.test/'],
      scopesSeen: ['orders:read'],
      // Its tokens got a 404 and a 500: none was accepted, so none is judged by the missing-scopes check.
      scopeSets: [],
      unauthenticated2xx: 0,
      sensitive: [],
      queryParams: { debug: 1, limit: 1 },
      deprecationHeaders: 0,
      sunsetHeaders: 0,
      clients: { internal: 1, public: 1, unknown: 0 },
      callers: 1,
      daily: { '2026-01-01': { requests: 1, errors: 0, unauthenticated: 0 }, '2026-01-02': { requests: 1, errors: 1, unauthenticated: 0 } },
      examplePaths: ['/api/orders'],
      transports: {},
      callerFingerprints: [expect.stringMatching(/^[0-9a-f]{16}$/)],
    });
    expect(list.owner).toBe('group:default/team-orders');
    expect(byKey.get('POST /api/orders/{id}/refunds')!.findings).toEqual([
      { kind: 'sensitive-data', message: 'undocumented endpoint carries card-number', values: ['card-number'] },
    ]);
  });
});

test('without hideNotFound (the inventory), 404-only paths stay endpoints so every exchange is counted', async () => {
  const e = await engine(false);
  e.addExchange(ex({ method: 'GET', path: '/wp-login.php', status: 404 }));
  const result = e.result(NOW);
  expect(result.endpoints.map((x) => [x.path, x.state, x.requests])).toEqual([['/wp-login.php', 'shadow', 1]]);
  expect(result.stats.notFound).toBe(0);
});

test('a retired API makes every called operation a zombie', async () => {
  const r = await loadSpecDocument('old', {
    openapi: '3.0.3',
    info: { title: 'Old', version: '1', 'x-api-status': 'retired' },
    paths: { '/ping': { get: { responses: { '200': { description: 'ok' } } } } },
  });
  if (!r.ok) throw new Error('load');
  const e = createDiscoveryEngine({ specs: [r.spec], defaultHost: 'legacy.test' });
  e.addExchange({ ts: '2026-01-01T00:00:00Z', method: 'GET', path: '/ping' });
  expect(e.result(NOW).endpoints.map((x) => [x.host, x.path, x.state, x.zombieReasons])).toEqual([['legacy.test', '/ping', 'zombie', ['api-retired']]]);
});

/** One-path specs on one host, as separate files: `--spec a.yaml --spec b.yaml`. */
async function hostSpec(id: string, path: string, op: Record<string, unknown>) {
  const params = [...path.matchAll(/\{([^{}]+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  const r = await loadSpecDocument(id, {
    openapi: '3.0.3',
    info: { title: id, version: '1' },
    servers: [{ url: 'https://api.x.test' }],
    paths: { [path]: { parameters: params, get: { ...op, responses: { '200': { description: 'ok' } } } } },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.spec;
}

function discoverWith(specs: Awaited<ReturnType<typeof hostSpec>>[], paths: string[]) {
  const e = createDiscoveryEngine({ specs, hideNotFound: true });
  for (const path of paths) e.addExchange({ ts: '2026-01-02T03:04:05Z', method: 'GET', path });
  const result = e.result(NOW);
  return {
    endpoints: result.endpoints.map((x) => [x.method, x.host + x.path, x.state, x.requests, x.specId ?? null]),
    unused: result.unused.map((u) => [u.method, u.path, u.specId]),
  };
}

test('a literal path in one spec beats a parameter path in another, whatever the --spec order', async () => {
  // /tmp/bb-specs-work/prec: users.yaml first made GET /users/me match /users/{id}, and the deprecated getMe
  // was listed unused instead of being the zombie it is.
  const users = await hostSpec('users.yaml', '/users/{id}', { operationId: 'getUser' });
  const me = await hostSpec('me.yaml', '/users/me', { operationId: 'getMe', deprecated: true });
  const expected = {
    endpoints: [
      ['GET', 'api.x.test/users/me', 'zombie', 1, 'me.yaml'],
      ['GET', 'api.x.test/users/{id}', 'documented', 1, 'users.yaml'],
    ],
    unused: [],
  };
  expect(discoverWith([users, me], ['/users/me', '/users/42'])).toEqual(expected);
  expect(discoverWith([me, users], ['/users/me', '/users/42'])).toEqual(expected);
});

test('two specs documenting the same operation: the live one is called, in either order, and neither is unused', async () => {
  // /tmp/bb-specs-work/prec: v1 (deprecated) and v2 both document GET /orders/{…} on api.x.test; whichever
  // came first was called and the other listed unused.
  const v1 = await hostSpec('v1.yaml', '/orders/{id}', { operationId: 'getOrder', deprecated: true });
  const v2 = await hostSpec('v2.yaml', '/orders/{orderId}', { operationId: 'getOrder' });
  const expected = { endpoints: [['GET', 'api.x.test/orders/{orderId}', 'documented', 1, 'v2.yaml']], unused: [] };
  expect(discoverWith([v1, v2], ['/orders/7'])).toEqual(expected);
  expect(discoverWith([v2, v1], ['/orders/7'])).toEqual(expected);
  // Equally live copies: the spec id decides, not the order.
  const v3 = await hostSpec('v3.yaml', '/orders/{order}', { operationId: 'getOrder' });
  expect(discoverWith([v3, v2], ['/orders/7'])).toEqual(expected);
  expect(discoverWith([v2, v3], ['/orders/7'])).toEqual(expected);
});

test('a copy of the called operation spelt with a trailing slash in another spec is not unused either', async () => {
  // Before: `/orders/{id}/` (v1, Django-style) and `/orders/{orderId}` (v2) were two operations, and v1's was listed unused.
  const v1 = await hostSpec('v1.yaml', '/orders/{id}/', { operationId: 'getOrder', deprecated: true });
  const v2 = await hostSpec('v2.yaml', '/orders/{orderId}', { operationId: 'getOrder' });
  expect(discoverWith([v1, v2], ['/orders/7'])).toEqual({ endpoints: [['GET', 'api.x.test/orders/{orderId}', 'documented', 1, 'v2.yaml']], unused: [] });
});

test('a sunset is judged against when the traffic happened, not when it is read', async () => {
  const r = await loadSpecDocument('s.yaml', {
    openapi: '3.0.3',
    info: { title: 's', version: '1', 'x-sunset': '2025-09-01' },
    paths: {
      '/legacy': { get: { 'x-sunset': '2025-06-01', responses: { '200': { description: 'ok' } } } },
      '/old': { get: { deprecated: true, 'x-sunset': '2025-06-01', responses: { '200': { description: 'ok' } } } },
      '/late': { get: { 'x-sunset': '2025-06-01', responses: { '200': { description: 'ok' } } } },
    },
  });
  if (!r.ok) throw new Error('load');
  const e = createDiscoveryEngine({ specs: [r.spec], defaultHost: 'x.test' });
  e.addExchange({ ts: '2025-01-05T10:00:00Z', method: 'GET', path: '/legacy' });
  e.addExchange({ ts: '2025-01-05T10:00:00Z', method: 'GET', path: '/old' });
  e.addExchange({ ts: '2025-01-05T10:00:00Z', method: 'GET', path: '/late' });
  e.addExchange({ ts: '2025-07-01T10:00:00Z', method: 'GET', path: '/late' });
  // Read long after every sunset: only /late was called after its own (and not after the API's).
  expect(e.result(NOW).endpoints.map((x) => [x.path, x.state, x.zombieReasons ?? null, x.sunsetPassed ?? null])).toEqual([
    ['/late', 'zombie', ['sunset-passed'], true],
    ['/legacy', 'documented', null, true],
    ['/old', 'zombie', ['deprecated'], true],
  ]);
  // Read before the sunsets: the same traffic, and no sunset has passed yet.
  expect(e.result(new Date('2025-01-06T00:00:00Z')).endpoints.map((x) => [x.path, x.state, x.sunsetPassed ?? null])).toEqual([
    ['/late', 'zombie', null],
    ['/legacy', 'documented', null],
    ['/old', 'zombie', null],
  ]);
});

test('a CORS preflight to a documented path is documented, with no findings of the operations beside it', async () => {
  // Before: `OPTIONS /api/orders/{id}` came out as a shadow endpoint for every browser client of the API.
  const e = await engine();
  const preflight = { auth: [{ kind: 'none' }], status: 204 };
  e.addExchange(ex({ method: 'OPTIONS', path: '/api/orders/7', ...preflight }));
  e.addExchange(ex({ method: 'OPTIONS', path: '/api/orders', query: ['limit'], ...preflight }));
  e.addExchange(ex({ method: 'OPTIONS', path: '/api/nowhere/7', ...preflight }));
  const result = e.result(NOW);
  expect(result.endpoints.map((x) => [x.method, x.path, x.state, x.operationId ?? null, x.specPath ?? null, x.findings])).toEqual([
    ['OPTIONS', '/api/nowhere/{nowhereId}', 'shadow', null, null, []],
    ['OPTIONS', '/api/orders', 'documented', null, '/orders', []],
    ['OPTIONS', '/api/orders/{id}', 'documented', null, '/orders/{id}', []],
  ]);
  // A preflight is no call of GET, DELETE…: they stay unused.
  expect(result.unused.map((u) => u.operationId)).toEqual(['health', 'listOrders', 'deleteOrder', 'getOrder', 'patchOrder', 'replaceOrder']);
});

test('with hidePreflights (discover), a preflight to an undocumented path is counted, not listed: no call was made', async () => {
  // Before: `discover` listed OPTIONS /api/nowhere/{nowhereId} as a shadow endpoint; the inventory (without) still stores it.
  const e = await engine(true, true);
  const preflight = { auth: [{ kind: 'none' }], status: 204 };
  e.addExchange(ex({ method: 'OPTIONS', path: '/api/nowhere/7', ...preflight }));
  e.addExchange(ex({ method: 'OPTIONS', path: '/api/nowhere/8', ...preflight }));
  e.addExchange(ex({ method: 'OPTIONS', path: '/api/orders/7', ...preflight }));
  e.addExchange(ex({ method: 'POST', path: '/api/orders/7/refunds' }));
  e.addExchange(ex({ method: 'OPTIONS', path: '/api/orders/7/refunds', ...preflight }));
  // One only ever answered 404 is counted with the others that were.
  e.addExchange(ex({ method: 'OPTIONS', path: '/api/gone', status: 404 }));
  const result = e.result(NOW);
  expect(result.endpoints.map((x) => [x.method, x.path, x.state])).toEqual([
    ['OPTIONS', '/api/orders/{id}', 'documented'],
    ['POST', '/api/orders/{id}/refunds', 'shadow'],
  ]);
  expect(result.stats).toEqual({ skipped: 0, overflow: 0, notFound: 1, preflights: 3, proxyRefused: 0 });
});

test('a sunset date alone deprecates: calls documented until it, with the finding, zombie calls from it; unused says deprecated', async () => {
  // Before: its unused operations said `deprecated: false` and its calls carried nothing saying it was going away,
  // where findings and the version diff read the same operation as deprecated.
  const r = await loadSpecDocument('s.yaml', {
    openapi: '3.0.3',
    info: { title: 's', version: '1' },
    paths: {
      '/announced': { get: { 'x-sunset': '2026-06-01', responses: { '200': { description: 'ok' } } } },
      '/quiet': { get: { 'x-sunset': '2026-06-01', responses: { '200': { description: 'ok' } } } },
      '/live': { get: { responses: { '200': { description: 'ok' } } } },
    },
  });
  if (!r.ok) throw new Error('load');
  const before = createDiscoveryEngine({ specs: [r.spec], defaultHost: 'x.test' });
  before.addExchange({ ts: '2026-01-05T10:00:00Z', method: 'GET', path: '/announced' });
  const result = before.result(NOW);
  expect(result.endpoints.map((x) => [x.path, x.state, x.zombieReasons ?? null, x.findings])).toEqual([
    ['/announced', 'documented', null, [{ kind: 'deprecated-operation', message: 'the spec deprecates the operation with a sunset on 2026-06-01: calls from then on are zombie calls', values: ['2026-06-01'] }]],
  ]);
  expect(result.unused.map((u) => [u.path, u.deprecated])).toEqual([['/live', false], ['/quiet', true]]);
  const after = createDiscoveryEngine({ specs: [r.spec], defaultHost: 'x.test' });
  after.addExchange({ ts: '2026-06-01T00:00:00Z', method: 'GET', path: '/announced' });
  expect(after.result(new Date('2026-07-01T00:00:00Z')).endpoints.map((x) => [x.path, x.state, x.zombieReasons ?? null])).toEqual([['/announced', 'zombie', ['sunset-passed']]]);
});
