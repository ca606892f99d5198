import { readFile } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { SHARED_FIXTURES } from '../../test/require';
import { loadSpec } from '../openapi/load-spec';
import { createDiscoveryEngine } from './discovery-engine';

const fromDisk = async (path: string) => readFile(path, 'utf8').catch(() => undefined);

/** Host-less log lines (nginx combined) against the real petstore (petstore.swagger.io, basePath /v1). */
async function discover(paths: Array<[string, string]>, defaultHost?: string) {
  const r = await loadSpec('petstore', `${SHARED_FIXTURES}specs/oai__petstore_v2.yaml`, fromDisk);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const e = createDiscoveryEngine({ specs: [r.spec], defaultHost, hideNotFound: true });
  for (const [method, path] of paths) e.addExchange({ ts: '2026-01-02T03:04:05Z', method, path, status: 200 });
  return e.result(new Date('2026-01-10T00:00:00Z')).endpoints.map((x) => `${x.state} ${x.method} ${x.host}${x.path}`);
}

const traffic: Array<[string, string]> = [
  ['GET', '/v1/charges/ch_123'],
  ['GET', '/v1/pets/7/photos'],
  ['DELETE', '/v1/pets/7'],
  ['GET', '/v1/pets/7'],
];

test('--host keeps host-less traffic that matches no documented path; a shared base path alone never claims it', async () => {
  // /tmp/bb-specs-work/one.log: with --host api.stripe.com, /v1/charges/ch_123 was put on petstore.swagger.io
  // because both use /v1.
  expect(await discover(traffic, 'api.stripe.com')).toEqual([
    'shadow GET api.stripe.com/v1/charges/ch_123',
    'shadow GET api.stripe.com/v1/pets/{petId}/photos',
    'shadow DELETE petstore.swagger.io/v1/pets/{petId}',
    'documented GET petstore.swagger.io/v1/pets/{petId}',
  ]);
  // Without --host, an undocumented sub-resource of a documented path is the spec's; a path that shares only
  // the generic /v1 is not.
  expect(await discover(traffic)).toEqual([
    'shadow GET /v1/charges/ch_123',
    'shadow DELETE petstore.swagger.io/v1/pets/{petId}',
    'documented GET petstore.swagger.io/v1/pets/{petId}',
    'shadow GET petstore.swagger.io/v1/pets/{petId}/photos',
  ]);
});

async function docsSpec() {
  const yaml = [
    'openapi: 3.0.3',
    'info: { title: docs, version: "1" }',
    'servers: [{ url: "https://api.x.test" }]',
    'paths:',
    '  /docs/a%2Fb: { get: { responses: { "200": { description: ok } } } }',
  ].join('\n');
  const r = await loadSpec('docs', 'docs.yaml', async () => yaml);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.spec;
}

/** One discovery run over these requests: `state METHOD template example-paths`. */
async function templatesOf(paths: Array<[string, string]>) {
  const e = createDiscoveryEngine({ specs: [await docsSpec()], defaultHost: 'api.x.test' });
  for (const [method, path] of paths) e.addExchange({ ts: '2026-01-02T03:04:05Z', method, path, status: 200 });
  return e.result(new Date('2026-01-10T00:00:00Z')).endpoints.map((x) => `${x.state} ${x.method} ${x.path} ${(x.evidence.examplePaths ?? []).join(',')}`);
}

test('an escaped slash, ?, #, %, ; or brace inside one segment stays escaped in the template, and still matches the spec', async () => {
  // /tmp/data-layer-2-work/enc.log: /files/a%2Fb/meta and /files/a/b/meta were one endpoint printed /files/a/b/meta.
  expect(await templatesOf([['GET', '/files/a%2Fb/meta'], ['GET', '/files/a/b/meta']])).toEqual([
    'shadow GET /files/a%2Fb/meta /files/a%2Fb/meta',
    'shadow GET /files/a/b/meta /files/a/b/meta',
  ]);
  const alone = async (path: string) => (await templatesOf([['GET', path]]))[0];
  expect(await alone('/notes/x%3Fy')).toBe('shadow GET /notes/x%3Fy /notes/x%3Fy');
  expect(await alone('/tags/%23x')).toBe('shadow GET /tags/%23x /tags/%23x');
  expect(await alone('/pct/100%25')).toBe('shadow GET /pct/100%25 /pct/100%25');
  expect(await alone('/semi/a%3Bb')).toBe('shadow GET /semi/a%3Bb /semi/a%3Bb');
  expect(await alone('/brace/%7Bint%7D')).toBe('shadow GET /brace/%7Bint%7D /brace/%7Bint%7D');
  // Other escapes are still decoded, as before.
  expect(await alone('/plain/caf%C3%A9')).toBe('shadow GET /plain/café /plain/caf%C3%A9');
  // The spec's /docs/a%2Fb is one segment: matched escaped in any case, never by /docs/a/b.
  expect(await templatesOf([['GET', '/docs/a%2fb'], ['POST', '/docs/a%2Fb'], ['GET', '/docs/a/b']])).toEqual([
    'documented GET /docs/a%2Fb /docs/a%2fb',
    'shadow POST /docs/a%2Fb /docs/a%2Fb',
    'shadow GET /docs/a/b /docs/a/b',
  ]);
});

test('an exchange with a route and no path (API Gateway default access logs) is placed by its route', async () => {
  const r = await loadSpec('petstore', `${SHARED_FIXTURES}specs/oai__petstore_v2.yaml`, fromDisk);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const e = createDiscoveryEngine({ specs: [r.spec] });
  const at = { ts: '2026-01-02T03:04:05Z', status: 200 };
  e.addExchange({ ...at, method: 'GET', route: '/v1/pets/{petId}' });
  e.addExchange({ ...at, method: 'GET', route: '/v1/pets/{id}' });
  e.addExchange({ ...at, method: 'GET', route: '/orders/{orderId}' });
  e.addExchange({ ...at, method: 'GET' });
  const result = e.result(new Date('2026-01-10T00:00:00Z'));
  expect(result.endpoints.map((x) => `${x.state} ${x.method} ${x.host}${x.path} ${x.requests}`)).toEqual([
    'shadow GET /orders/{orderId} 1',
    'documented GET petstore.swagger.io/v1/pets/{petId} 2',
  ]);
  expect(result.stats.skipped).toBe(1);
});

test('asterisk-form requests (`OPTIONS *`, `PRI *`) name no endpoint and are skipped', async () => {
  const e = createDiscoveryEngine({ specs: [] });
  const at = { ts: '2026-01-02T03:04:05Z', status: 200 };
  // Apache's internal dummy connection, in every Debian access log, and an h2c preface nginx answered with a 400.
  e.addExchange({ ...at, method: 'OPTIONS', path: '*', userAgent: 'Apache/2.4.62 (Debian) (internal dummy connection)' });
  e.addExchange({ ...at, method: 'PRI', path: '*', status: 400 });
  e.addExchange({ ...at, method: 'OPTIONS', path: '/v1/items' });
  const result = e.result(new Date('2026-01-10T00:00:00Z'));
  expect(result.endpoints.map((x) => `${x.method} ${x.path} ${x.requests}`)).toEqual(['OPTIONS /v1/items 1']);
  expect(result.stats.skipped).toBe(2);
});

test("a logged path that is a route (API Gateway's CLF format logs resourcePath: /{proxy+}) gives the endpoint its JSON format's route gives", async () => {
  const e = createDiscoveryEngine({ specs: [] });
  const at = { ts: '2026-01-02T03:04:05Z', status: 200, method: 'GET' };
  e.addExchange({ ...at, route: '/{proxy+}' });
  e.addExchange({ ...at, path: '/{proxy+}' });
  e.addExchange({ ...at, route: '/pets/{petId}' });
  e.addExchange({ ...at, path: '/pets/{petId}' });
  const result = e.result(new Date('2026-01-10T00:00:00Z'));
  expect(result.endpoints.map((x) => `${x.method} ${x.path} ${x.requests}`).sort()).toEqual([
    'GET /pets/{petId} 2', 'GET /{proxy} 2',
  ]);
});

test('a route a gateway or instrumentation resolved keeps no credential as a literal of the template', async () => {
  // Some instrumentations set http.route to the concrete path when no router named one: a webhook key or a reset
  // code would be the endpoint's template, in discover's output and a push batch, where the same path gets a parameter
  // (named as the path's would be).
  const e = createDiscoveryEngine({ specs: [] });
  const at = { ts: '2026-01-02T03:04:05Z', status: 200, host: 'api.test' };
  e.addExchange({ ...at, method: 'POST', route: '/hooks/T0001/sk_live_4eC39HqLyjWDarjtT1zdp7dc' });
  e.addExchange({ ...at, method: 'GET', route: '/password/reset/Kx7pQ2mZ' });
  e.addExchange({ ...at, method: 'GET', route: '/files/{fileId}#sig=Zx81' });
  const result = e.result(new Date('2026-01-10T00:00:00Z'));
  expect(result.endpoints.map((x) => `${x.method} ${x.path}`).sort()).toEqual([
    'GET /files/{fileId}',
    'GET /password/reset/{resetId}',
    'POST /hooks/T0001/{t0001Id}',
  ]);
});

test('a route holding matrix parameters or a `name=value` segment keeps neither value in the template, as a request path does not', () => {
  // Until 6 Dec a concrete path set as the route (a servlet's URL rewriting, a client's `;api_key=`) kept them:
  // `/app;jsessionid=<id>/orders` was discover's template and a push batch's, where the same request path gives `/app/orders`.
  const e = createDiscoveryEngine({ specs: [] });
  const at = { ts: '2026-01-02T03:04:05Z', status: 200, host: 'api.test', method: 'GET' };
  for (const route of ['/app;jsessionid=ABCDEF0123456789ABCDEF0123456789/orders', '/cars;api_key=Kx7pQ2mZr8Lm3/items', '/v1/key=abcdef12/x', '/users/{id};token=Kx7pQ2mZr8', '/trains/;id=7/cars']) {
    e.addExchange({ ...at, route });
    e.addExchange({ ...at, host: 'path.test', path: route.replace('{id}', '42') });
  }
  const paths = (host: string) => e.result(new Date('2026-01-10T00:00:00Z')).endpoints.filter((x) => x.host === host).map((x) => x.path).sort();
  expect(paths('api.test')).toEqual(['/app/orders', '/cars/items', '/trains/{id}/cars', '/users/{id}', '/v1/{param}/x']);
  expect(paths('path.test')).toEqual(['/app/orders', '/cars/items', '/trains/{id}/cars', '/users/{userId}', '/v1/{param}/x']);
  // Near misses: a route's own syntax with `:` or `=`-free parentheses stays as it was.
  const f = createDiscoveryEngine({ specs: [] });
  for (const route of ['/users/:id/orders', "/odata/Order_Details(OrderID={id},ProductID={pid})", '/files/{path+}']) f.addExchange({ ...at, route });
  expect(f.result(new Date('2026-01-10T00:00:00Z')).endpoints.map((x) => x.path).sort()).toEqual(['/files/{path}', "/odata/Order_Details(OrderID={id},ProductID={pid})", '/users/{id}/orders']);
});

test('traffic to the spec host written with its trailing dot is documented on that host', async () => {
  // Before: `Host: petstore.swagger.io.` was a second host, every call to it a shadow endpoint.
  const r = await loadSpec('petstore', `${SHARED_FIXTURES}specs/oai__petstore_v2.yaml`, fromDisk);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const e = createDiscoveryEngine({ specs: [r.spec], hideNotFound: true });
  for (const host of ['petstore.swagger.io.', 'PetStore.Swagger.io.:443']) e.addExchange({ ts: '2026-01-02T03:04:05Z', host, method: 'GET', path: '/v1/pets/7', status: 200 });
  expect(e.result(new Date('2026-01-10T00:00:00Z')).endpoints.map((x) => `${x.state} ${x.method} ${x.host}${x.path} ${x.evidence.requests}`)).toEqual([
    'documented GET petstore.swagger.io/v1/pets/{petId} 2',
  ]);
});
