import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Exchange } from '../exchange';
import { loadSpecDocument } from '../openapi/load-spec';
import type { NormalisedSpec } from '../openapi/spec-model';
import { createDiscoveryEngine } from './discovery-engine';
import type { PathOverride } from './overrides';

const ok = { responses: { '200': { description: 'ok' } } };
const NOW = new Date('2026-01-10T00:00:00Z');

function ex(method: string, path: string, host = 'api.test'): Exchange {
  return { ts: '2026-01-01T00:00:00Z', host, method, path, status: 200 };
}

function shadows(exchanges: Exchange[], specs: NormalisedSpec[] = [], overrides: PathOverride[] = []): string[] {
  const engine = createDiscoveryEngine({ specs, overrides });
  for (const e of exchanges) engine.addExchange(e);
  return engine
    .result(NOW)
    .endpoints.filter((e) => e.state === 'shadow')
    .map((e) => `${e.method} ${e.path} ${e.requests}`);
}

async function spec(paths: Record<string, unknown>, servers = [{ url: 'https://api.test' }]): Promise<NormalisedSpec> {
  const r = await loadSpecDocument('t', { openapi: '3.0.3', info: { title: 't', version: '1' }, servers, paths });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.spec;
}

const NAMES = ['octocat', 'torvalds', 'gaearon', 'sindresorhus', 'tj', 'yyx990803'];
const REPOS = ['hello-world', 'linux', 'react', 'got', 'commander.js', 'vue'];

describe('templating without a spec', () => {
  test('a collection with its own reserved word beside its IDs is still a collection (`/api/users/me`)', () => {
    // Before: `me` made `users` no collection, and five quiet collections merged: `/api/{apiId}/me 1`, `/api/{apiId}/{param} 5`.
    expect(shadows(['/api/users/42', '/api/users/me', '/api/orders/7', '/api/invoices/9', '/api/products/10', '/api/carts/11'].map((p) => ex('GET', p)))).toEqual([
      'GET /api/carts/{cartId} 1',
      'GET /api/invoices/{invoiceId} 1',
      'GET /api/orders/{orderId} 1',
      'GET /api/products/{productId} 1',
      'GET /api/users/me 1',
      'GET /api/users/{userId} 1',
    ]);
  });

  test('a collection of users named by e-mail is a collection', () => {
    // Before: an e-mail was no item of a collection, and `/api/users/jane@…` merged five quiet collections into `/api/{apiId}/{param}`.
    expect(shadows(['/api/users/jane@example.com', '/api/orders/7', '/api/invoices/9', '/api/products/10', '/api/carts/11'].map((p) => ex('GET', p)))).toEqual([
      'GET /api/carts/{cartId} 1',
      'GET /api/invoices/{invoiceId} 1',
      'GET /api/orders/{orderId} 1',
      'GET /api/products/{productId} 1',
      'GET /api/users/{email} 1',
    ]);
  });

  test('right under /api or /v1, a quiet log\u2019s list calls stay the API\u2019s resources; tenants there still merge', () => {
    // Before: five list endpoints called once each were one `/v1/{v1Id} 5`, and with one item `/api/{apiId}/{param}`.
    expect(shadows(['/v1/users', '/v1/orders', '/v1/invoices', '/v1/products', '/v1/carts'].map((p) => ex('GET', p)))).toEqual([
      'GET /v1/carts 1', 'GET /v1/invoices 1', 'GET /v1/orders 1', 'GET /v1/products 1', 'GET /v1/users 1',
    ]);
    expect(shadows(['acme', 'globex', 'initech', 'umbrella', 'hooli'].map((t) => ex('GET', `/api/${t}/users`)))).toEqual(['GET /api/{param}/users 5']);
  });

  test('collections of eight-digit IDs stay apart, named after the collection', () => {
    // Before: eight digits were a date, and a date after a name is no collection item: five quiet collections of
    // order numbers were taken for values of one parameter, `GET /api/{apiId}/{date} 10`.
    const ids = ['10012352', '10024697', '10037042', '10049387', '10061732', '10074077', '10086422', '10098767', '10111112', '10123457'];
    const collections = ['users', 'orders', 'invoices', 'products', 'carts'];
    expect(shadows(ids.map((id, i) => ex('GET', `/api/${collections[i >> 1]}/${id}`)))).toEqual([
      'GET /api/carts/{cartId} 2',
      'GET /api/invoices/{invoiceId} 2',
      'GET /api/orders/{orderId} 2',
      'GET /api/products/{productId} 2',
      'GET /api/users/{userId} 2',
    ]);
  });

  test('a value with a format suffix beside typed IDs with that suffix is one of them (`x_1.json` beside `42.json`)', () => {
    // Before: `GET /statuses/show/{showId}` beside `GET /statuses/show/{showId}.json`, the suffix dropped from one.
    expect(shadows(['/statuses/show/42.json', '/statuses/show/x_1.json'].map((p) => ex('GET', p)))).toEqual(['GET /statuses/show/{showId}.json 2']);
  });

  test('a file name is an item of its collection (`/files/report.pdf` beside `/files/42`), never its own endpoint', () => {
    // Before: `report.pdf` stayed a literal endpoint beside `/api/files/{fileId}`, and under a non-namespace prefix it
    // made `files` no collection, so five quiet collections merged into `/shop/{shopId}/{param}` and `/shop/{shopId}/report.pdf`.
    expect(shadows(['/api/files/42', '/api/files/43', '/api/files/report.pdf'].map((p) => ex('GET', p)))).toEqual(['GET /api/files/{fileId} 3']);
    expect(shadows(['/shop/files/42', '/shop/files/report.pdf', '/shop/orders/7', '/shop/invoices/9', '/shop/products/10', '/shop/carts/11'].map((p) => ex('GET', p)))).toEqual([
      'GET /shop/carts/{cartId} 1',
      'GET /shop/files/{fileId} 2',
      'GET /shop/invoices/{invoiceId} 1',
      'GET /shop/orders/{orderId} 1',
      'GET /shop/products/{productId} 1',
    ]);
    expect(shadows(['/files/report.pdf', '/files/scan-0042.jpeg', '/files/backup.tar.gz'].map((p) => ex('GET', p)))).toEqual(['GET /files/{fileId} 3']);
    // A file name shared by tenants is their sub-resource, not an item that makes each tenant a collection.
    expect(shadows(['acme', 'globex'].map((t) => ex('GET', `/shop/${t}/logo.png`)))).toEqual(['GET /shop/{shopId}/logo.png 2']);
    // Beside typed `42.pdf`, a file name is a value of the same `{fileId}.pdf`.
    expect(shadows(['/api/files/42.pdf', '/api/files/43.pdf', '/api/files/report.pdf'].map((p) => ex('GET', p)))).toEqual(['GET /api/files/{fileId}.pdf 3']);
    // One file alone, or a resource's few fixed names, are no values; an API's own names with format suffixes stay names.
    expect(shadows(['/docs/manual.pdf', '/exports/users.csv', '/exports/orders.csv', '/v1/users/42/avatar.png', '/v1/users/42/cover.jpg'].map((p) => ex('GET', p)))).toEqual([
      'GET /docs/manual.pdf 1',
      'GET /exports/orders.csv 1',
      'GET /exports/users.csv 1',
      'GET /v1/users/{userId}/avatar.png 1',
      'GET /v1/users/{userId}/cover.jpg 1',
    ]);
  });

  test('typed values become parameters named after the collection', () => {
    expect(shadows([ex('GET', '/api/users/42'), ex('GET', '/api/users/43/orders/550e8400-e29b-41d4-a716-446655440000')])).toEqual([
      'GET /api/users/{userId} 1',
      'GET /api/users/{userId}/orders/{orderId} 1',
    ]);
  });

  test('name-like values merge on cardinality: /repos/{owner}/{repo}/issues/{issueId}', () => {
    const traffic = NAMES.map((n, i) => ex('GET', `/repos/${n}/${REPOS[i]}/issues/${i + 1}`));
    expect(shadows(traffic)).toEqual(['GET /repos/{repoId}/{param}/issues/{issueId} 6']);
  });

  test('a few new static siblings stay literal', () => {
    expect(shadows([ex('GET', '/v1/widgets'), ex('GET', '/v1/gadgets'), ex('GET', '/v1/sprockets')])).toEqual([
      'GET /v1/gadgets 1',
      'GET /v1/sprockets 1',
      'GET /v1/widgets 1',
    ]);
  });

  test('two values that lead to the same sub-resource are one parameter', () => {
    expect(shadows([ex('GET', '/teams/core/members'), ex('GET', '/teams/infra/members')])).toEqual(['GET /teams/{teamId}/members 2']);
  });

  test("an API's collections stay apart, however many (`/api/users/{userId}`, `/api/orders/{orderId}`)", () => {
    // Before: two collections followed by IDs shared the `{int}` "sub-resource" and became `/api/{apiId}/{param}`.
    const collections = ['users', 'orders', 'products', 'carts', 'invoices', 'refunds', 'coupons'];
    for (const n of [2, 5, 7]) {
      const traffic = collections.slice(0, n).flatMap((c, i) => [1, 2, 3].map((k) => ex('GET', `/api/${c}/${100 * i + k}`)));
      expect(shadows(traffic).map((s) => s.split(' ')[1])).toEqual(
        collections.slice(0, n).sort().map((c) => `/api/${c}/{${c === 'users' ? 'userId' : `${c.slice(0, -1)}Id`}}`),
      );
    }
  });

  test("a namespace's names used again and again stay literal; values seen once or twice merge", () => {
    // Stripe's /v1 without its spec: resources, leaves and sub-namespaces, each requested many times.
    const names = ['balance', 'account', 'charges', 'customers', 'tokens', 'checkout', 'billing_portal', 'events'];
    const busy = names.flatMap((n) => Array.from({ length: 4 }, (_, k) => ex(k % 2 ? 'POST' : 'GET', n === 'checkout' ? `/v1/checkout/sessions/cs_${k}AbCdEfGh12` : `/v1/${n}`)));
    expect(shadows(busy).every((s) => !s.includes('{v1Id}') && !s.includes('{param}'))).toBe(true);
    // The same number of values, each seen once: one parameter.
    const users = ['ann', 'ben', 'cat', 'dan', 'eve', 'fay', 'gus', 'hal'].map((n) => ex('GET', `/members/${n}/profile`));
    expect(shadows(users)).toEqual(['GET /members/{memberId}/profile 8']);
    // Values polled all day still merge once there are many with the same ending.
    const polled = Array.from({ length: 30 }, (_, i) => `user${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`).flatMap((n) => [ex('GET', `/presence/${n}`), ex('GET', `/presence/${n}`), ex('GET', `/presence/${n}`)]);
    expect(shadows(polled)).toEqual(['GET /presence/{presenceId} 90']);
  });

  test('tenants used all day that share their sub-resources are one parameter (`/orgs/{orgId}/users/{userId}`)', () => {
    const traffic = ['acme', 'globex', 'initech', 'umbrella'].flatMap((t) =>
      Array.from({ length: 20 }, (_, i) => ex('GET', `/api/orgs/${t}/${i % 2 ? 'users' : 'orders'}${i % 4 < 2 ? '' : `/${i + 1}`}`)),
    );
    expect(shadows(traffic)).toEqual([
      'GET /api/orgs/{orgId}/orders 20', 'GET /api/orgs/{orgId}/orders/{orderId} 20', 'GET /api/orgs/{orgId}/users 20', 'GET /api/orgs/{orgId}/users/{userId} 20',
    ]);
  });

  test('two collections holding an item of the same name share a value, not a sub-resource', () => {
    const items = [['peggy-dev', 'glacier.py', 'amber-otter', 'walrus.rs', 'bob'], ['sybil', 'trent_yak', 'zed-x', 'opal_newt', 'bob']];
    const traffic = ['verification_reports', 'verification_sessions'].flatMap((c, k) =>
      items[k].flatMap((n) => [ex('GET', `/v1/identity/${c}/${n}`), ex('GET', `/v1/identity/${c}`)]),
    );
    expect(shadows(traffic).map((s) => s.split(' ')[1])).toEqual([
      '/v1/identity/verification_reports', '/v1/identity/verification_reports/{verificationReportId}',
      '/v1/identity/verification_sessions', '/v1/identity/verification_sessions/{verificationSessionId}',
    ]);
  });

  test('short IDs no type detector claims are values however busy (`/sessions/48d5`, `/sessions/f594`)', () => {
    // The benchmark's generated shop traffic: a few sessions deleted again and again kept their own endpoints.
    const traffic = ['1002b', '48d5', '61ab', 'f594', '13e10'].flatMap((id) => Array.from({ length: 40 }, () => ex('DELETE', `/api/v2/sessions/${id}`)));
    expect(shadows(traffic)).toEqual(['DELETE /api/v2/sessions/{sessionId} 200']);
  });

  test('a bare dotted version first in the path is the API version (`/2.0/…`, `/1.1/…`)', () => {
    expect(shadows([ex('GET', '/2.0/repositories/ann/x'), ex('GET', '/1.1/statuses/show/20.json')]).map((s) => s.split(' ')[1].split('/')[1])).toEqual(['1.1', '2.0']);
  });

  test('matrix parameters name no endpoint and never reach a template or an example (`/cars;api_key=…/42`)', () => {
    // Before: `GET /cars;api_key=SUPERSECRET1/{param} 1`, one endpoint per value, the key in the template and examples.
    const engine = createDiscoveryEngine({ specs: [] });
    for (const p of ['/cars;api_key=SUPERSECRET1/41', '/cars;color=blue;token=SUPERSECRET2/42', '/cars/43']) engine.addExchange(ex('GET', p));
    const endpoints = engine.result(NOW).endpoints;
    expect(endpoints.map((e) => `${e.method} ${e.path} ${e.requests}`)).toEqual(['GET /cars/{carId} 3']);
    expect(endpoints[0].evidence.examplePaths).toEqual(['/cars/43', '/cars;api_key={redacted}/41', '/cars;color={redacted};token={redacted}/42']);
    expect(JSON.stringify(endpoints)).not.toMatch(/SUPERSECRET/);
  });

  test('a matrix parameter does not hide a documented operation; an escaped `%3B` is part of the value', async () => {
    const s = await spec({ '/cars/{carId}': { get: ok }, '/files/{name}': { get: ok } });
    const engine = createDiscoveryEngine({ specs: [s] });
    for (const p of ['/cars;color=red/42', '/files/a%3Bb']) engine.addExchange(ex('GET', p));
    expect(engine.result(NOW).endpoints.map((e) => `${e.state} ${e.path} ${e.requests}`)).toEqual(['documented /cars/{carId} 1', 'documented /files/{name} 1']);
  });

  test('a `style: matrix` path parameter fills its place: `/cars/;id=5` is `/cars/{id}`, not `/cars`', async () => {
    // Before: the whole segment was dropped, so GET /cars/;id=5 counted as listCars, getCar and trainCars were unused,
    // and /trains/;id=7/cars was a shadow /trains/cars.
    const matrix = { name: 'id', in: 'path', required: true, style: 'matrix', schema: { type: 'integer' } };
    const s = await spec({
      '/cars': { get: { ...ok, operationId: 'listCars' } },
      '/cars/{id}': { parameters: [matrix], get: { ...ok, operationId: 'getCar' } },
      '/trains/{id}/cars': { parameters: [matrix], get: { ...ok, operationId: 'trainCars' } },
    });
    const engine = createDiscoveryEngine({ specs: [s] });
    for (const p of ['/cars/;id=5', '/cars/;id=3;id=4', '/trains/;id=7/cars', '/boats/;id=8/crew', '/boats/;id=9/crew']) engine.addExchange(ex('GET', p));
    const result = engine.result(NOW);
    expect(result.endpoints.map((e) => `${e.state} ${e.path} ${e.operationId ?? ''} ${e.requests}`)).toEqual([
      'shadow /boats/{id}/crew  2',
      'documented /cars/{id} getCar 2',
      'documented /trains/{id}/cars trainCars 1',
    ]);
    expect(result.unused.map((u) => u.operationId)).toEqual(['listCars']);
  });

  test('a session id or a credential after a trailing slash is no matrix path parameter: `/shop/;jsessionid=…` is `/shop`', () => {
    // Servlet URL rewriting appends `;jsessionid=…` to `/shop/` as to `/shop`: it names no resource, nor does a key.
    const engine = createDiscoveryEngine({ specs: [] });
    for (const p of ['/shop/;jsessionid=0AF3C2D1E5B6', '/shop;JSESSIONID=77AF3C2D1E5B', '/shop', '/v1/;api_key=SUPERSECRET3/items', '/v1/items']) engine.addExchange(ex('GET', p));
    const endpoints = engine.result(NOW).endpoints;
    expect(endpoints.map((e) => `${e.method} ${e.path} ${e.requests}`)).toEqual(['GET /shop 3', 'GET /v1/items 2']);
    expect(JSON.stringify(endpoints)).not.toMatch(/SUPERSECRET|0AF3C2D1E5B6/);
  });

  test('a vendor key as the only matrix parameter (`/v1/;private_token=…`) is no path parameter either', () => {
    // Before: GitLab's `private_token` (and `jwt`, `subscription-key`…) named no credential, so `/v1/;private_token/items`
    // was an endpoint beside `/v1/items`.
    const engine = createDiscoveryEngine({ specs: [] });
    for (const p of ['/v1/;private_token=glpat-SUPERSECRET4/items', '/v1/;jwt=SUPERSECRET5/items', '/v1/items']) engine.addExchange(ex('GET', p));
    const endpoints = engine.result(NOW).endpoints;
    expect(endpoints.map((e) => `${e.method} ${e.path} ${e.requests}`)).toEqual(['GET /v1/items 3']);
    expect(JSON.stringify(endpoints)).not.toMatch(/SUPERSECRET/);
  });

  test('reserved literals never merge, however many siblings', () => {
    const names = ['ann', 'ben', 'cat', 'dan', 'eve', 'fay', 'me', 'search'].map((n) => ex('GET', `/members/${n}`));
    expect(shadows(names)).toEqual(['GET /members/me 1', 'GET /members/search 1', 'GET /members/{memberId} 6']);
  });
});

test("a framework's route syntax in a trace's http.route is read as parameters", () => {
  // Before: only `{name}` and `:name` were, and `/users/<int:user_id>` (Flask), `/api/orders/{id:int}` (ASP.NET)… were
  // templates with the route's text as literals, beside the `{…}` template a capture of the same endpoint gives.
  const routes: Array<[string, string]> = [
    ['/users/7', '/users/<int:user_id>'], ['/accounts/7/', 'accounts/<int:pk>/'], ['/orders/7', '/orders/{id:int}'], ['/carts/7', '/carts/{id:[0-9]+}'],
    ['/static/a/b.css', '/static/{*path}'], ['/files/a/b', '/files/*filepath'], ['/blog/hello', '/blog/[slug]'], ['/docs/a/b', '/docs/[...slug]'], ['/invoices/7.json', '/invoices/:id(.:format)'],
    // ASP.NET Core's optional parameters: until 6 Dec the `?` was read as a query's start, and the template cut to `/items/{id`.
    ['/items/7', '/items/{id?}'], ['/lots/7', '/lots/{lot:int?}'],
  ];
  expect(shadows(routes.map(([path, route]) => ({ ...ex('GET', path), route })))).toEqual([
    'GET /accounts/{pk} 1', 'GET /blog/{slug} 1', 'GET /carts/{id} 1', 'GET /docs/{slug} 1', 'GET /files/{filepath} 1',
    'GET /invoices/{id} 1', 'GET /items/{id} 1', 'GET /lots/{lot} 1', 'GET /orders/{id} 1', 'GET /static/{path} 1', 'GET /users/{user_id} 1',
  ]);
});

test('a route a gateway already resolved is taken as the template', () => {
  const e = { ...ex('GET', '/pets/rex'), route: '/pets/{petId}' };
  expect(shadows([e, { ...ex('GET', '/pets/fido'), route: '/pets/{petId}' }])).toEqual(['GET /pets/{petId} 2']);
});

describe('templating guided by the spec', () => {
  test('a spec parameter position needs two values; one value is a new static path', async () => {
    const s = await spec({ '/users/{id}': { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], get: ok } });
    expect(shadows([ex('DELETE', '/users/alice'), ex('DELETE', '/users/bob')], [s])).toEqual(['DELETE /users/{id} 2']);
    expect(shadows([ex('POST', '/users/bulk-import'), ex('POST', '/users/bulk-import')], [s])).toEqual(['POST /users/bulk-import 2']);
  });

  test('a literal the spec defines is never merged into a parameter', async () => {
    const s = await spec({ '/orgs/settings': { get: ok }, '/orgs/{org}': { parameters: [{ name: 'org', in: 'path', required: true, schema: { type: 'string' } }], get: ok } });
    const traffic = ['settings', 'acme', 'globex', 'initech', 'umbrella', 'hooli'].map((o) => ex('PUT', `/orgs/${o}`));
    expect(shadows(traffic, [s])).toEqual(['PUT /orgs/settings 1', 'PUT /orgs/{org} 5']);
  });

  test('new resources under a documented static namespace stay literal', async () => {
    const s = await spec({ '/v1/customers': { get: ok }, '/v1/charges': { get: ok }, '/v1/refunds': { get: ok }, '/v1/payouts': { get: ok } });
    const traffic = ['widgets', 'gadgets', 'sprockets', 'doohickeys', 'gizmos', 'thingamajigs'].map((r) => ex('GET', `/v1/${r}`));
    expect(shadows(traffic, [s])).toEqual(['GET /v1/doohickeys 1', 'GET /v1/gadgets 1', 'GET /v1/gizmos 1', 'GET /v1/sprockets 1', 'GET /v1/thingamajigs 1', 'GET /v1/widgets 1']);
  });

  test('a position with one documented literal takes five values for a parameter', async () => {
    const s = await spec({ '/subscriptions/check': { get: ok } });
    const traffic = ['ann', 'ben', 'cat', 'dan', 'eve'].map((n) => ex('PUT', `/subscriptions/${n}`));
    expect(shadows(traffic, [s])).toEqual(['PUT /subscriptions/{subscriptionId} 5']);
    expect(shadows(traffic.slice(0, 4), [s])).toEqual(['PUT /subscriptions/ann 1', 'PUT /subscriptions/ben 1', 'PUT /subscriptions/cat 1', 'PUT /subscriptions/dan 1']);
  });

  test('siblings of a new literal say what comes after it (`/media/math/check/{type}`)', async () => {
    const p = (name: string) => ({ parameters: [{ name, in: 'path', required: true, schema: { type: 'string' } }], get: ok });
    const s = await spec({ '/math/formula/{hash}': p('hash'), '/math/render/{format}': p('format') });
    expect(shadows(['tex', 'chem'].map((t) => ex('POST', `/math/check/${t}`)), [s])).toEqual(['POST /math/check/{checkId} 2']);
  });

  test('a documented collection leaf borrows its siblings item parameter; a verb-like leaf does not', async () => {
    const item = (name: string) => ({ parameters: [{ name, in: 'path', required: true, schema: { type: 'string' } }], get: ok });
    const s = await spec({ '/customers/{customer}': item('customer'), '/charges/{charge}': item('charge'), '/records': { get: ok }, '/transfer': { post: ok } });
    expect(shadows(['fr-one', 'fr-two'].map((v) => ex('GET', `/records/${v}`)), [s])).toEqual(['GET /records/{recordId} 2']);
    expect(shadows(['accept', 'reject'].map((v) => ex('POST', `/transfer/${v}`)), [s])).toEqual(['POST /transfer/accept 1', 'POST /transfer/reject 1']);
  });

  test('a busy static leaf among parameter values stays literal (`POST /images/load`)', async () => {
    const s = await spec({ '/images/{name}/json': { parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }], get: ok } });
    const traffic = [...['alpine', 'nginx', 'redis', 'postgres'].map((n) => ex('POST', `/images/${n}/tag`)), ...Array.from({ length: 6 }, () => ex('POST', '/images/load'))];
    expect(shadows(traffic, [s])).toEqual(['POST /images/load 6', 'POST /images/{name}/tag 4']);
  });

  test('the base path is kept in the template and a spec parameter name is reused', async () => {
    const s = await spec({ '/repos/{owner}/{repo}': { parameters: [{ name: 'owner', in: 'path', required: true, schema: { type: 'string' } }, { name: 'repo', in: 'path', required: true, schema: { type: 'string' } }], get: ok } }, [{ url: 'https://api.test/api/v3' }]);
    const traffic = NAMES.slice(0, 3).map((n, i) => ex('GET', `/api/v3/repos/${n}/${REPOS[i]}/hooks`));
    expect(shadows(traffic, [s])).toEqual(['GET /api/v3/repos/{owner}/{repo}/hooks 3']);
  });

  test("an OData key's parameter takes the spec's name, its method undocumented (`DELETE /Products({ID})`)", async () => {
    // Before: `Products(1)` was a literal, each key its own shadow endpoint beside the documented `/Products({ID})`.
    const s = await spec({ "/Customers('{CustomerID}')": { parameters: [{ name: 'CustomerID', in: 'path', required: true, schema: { type: 'string' } }], get: ok }, '/Products({ID})': { parameters: [{ name: 'ID', in: 'path', required: true, schema: { type: 'integer' } }], get: ok } });
    const traffic = [ex('DELETE', '/Products(1)'), ex('DELETE', '/Products(2)'), ex('PATCH', "/Customers('ALFKI')"), ex('PATCH', '/Products(3)/Supplier')];
    expect(shadows(traffic, [s])).toEqual(["PATCH /Customers('{CustomerID}') 1", 'DELETE /Products({ID}) 2', 'PATCH /Products({ID})/Supplier 1']);
  });
});

describe('overrides', () => {
  test('merge forces a parameter, split keeps a literal, ignore drops traffic', () => {
    const traffic = [ex('GET', '/shops/north'), ex('GET', '/shops/south'), ex('GET', '/healthz/deep')];
    expect(shadows(traffic, [], [{ pattern: '/shops/{shop}', action: 'merge' }, { pattern: '/healthz/**', action: 'ignore' }])).toEqual(['GET /shops/{shopId} 2']);
    const many = ['a1x', 'b2y', 'c3z', 'd4w', 'e5v', 'flagship'].map((s) => ex('GET', `/stores/${s}`));
    expect(shadows(many, [], [{ pattern: '/stores/flagship', action: 'split' }])).toEqual(['GET /stores/flagship 1', 'GET /stores/{storeId} 5']);
  });
});

test('ignore overrides also drop documented traffic (health checks the spec lists)', async () => {
  const s = await spec({ '/healthz': { get: ok }, '/orders': { get: ok } });
  const engine = createDiscoveryEngine({ specs: [s], overrides: [{ pattern: '/healthz', action: 'ignore', method: 'GET' }] });
  engine.addExchange(ex('GET', '/healthz'));
  engine.addExchange(ex('GET', '/orders'));
  expect(engine.result(NOW).endpoints.map((e) => `${e.method} ${e.path} ${e.state}`)).toEqual(['GET /orders documented']);
});

describe('order independence', () => {
  test('any permutation of the same traffic gives the same result (property)', () => {
    const segment = fc.oneof(fc.constantFrom('users', 'repos', 'issues', 'me', 'v1', 'api'), fc.integer({ min: 1, max: 50 }).map(String), fc.constantFrom(...NAMES, ...REPOS));
    const request = fc.record({ method: fc.constantFrom('GET', 'POST', 'DELETE'), segments: fc.array(segment, { minLength: 1, maxLength: 5 }) });
    fc.assert(
      fc.property(fc.array(request, { minLength: 1, maxLength: 60 }), fc.infiniteStream(fc.nat()), (requests, stream) => {
        const traffic = requests.map((r) => ex(r.method, `/${r.segments.join('/')}`));
        const shuffled = [...traffic];
        const it = stream[Symbol.iterator]();
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = (it.next().value as number) % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
        }
        const run = (input: Exchange[]) => {
          const engine = createDiscoveryEngine({ specs: [] });
          for (const e of input) engine.addExchange(e);
          return JSON.stringify(engine.result(NOW));
        };
        expect(run(shuffled)).toBe(run(traffic));
      }),
      { numRuns: 200 },
    );
  });
});

test('a segment that is one name=value pair is a parameter, so its value (often a key) never reaches the template', () => {
  expect(shadows([ex('GET', '/v1/key=CANARYshortkey/x')]).join('\n')).not.toMatch(/CANARY/);
  expect(shadows([ex('GET', '/v1/key=CANARYshortkey/x'), ex('GET', '/v1/key=CANARY-2/x')])).toHaveLength(1);
});

test('a reset code or invite token too short to look random is a parameter, not the template', () => {
  const found = shadows([ex('GET', '/reset/Kx7pQ2mZ'), ex('GET', '/invite/Qw3rTy9'), ex('GET', '/auth/magic/aB3dE6gH9'), ex('GET', '/reset/password')]);
  expect(found.join('\n')).not.toMatch(/Kx7pQ2mZ|Qw3rTy9|aB3dE6gH9/);
  expect(found).toHaveLength(4);
  expect(found).toContain('GET /reset/password 1');
});

test("an algorithm's, a protocol's or a character set's name, or an API version, after a secret's word is a literal", () => {
  // Until 6 Dec `/auth/{authId}/token`, `/keys/{keyId}`, `/webhooks/{webhookId}/list`: a short token's parameter.
  const paths = ['/auth/oauth2/token', '/keys/rsa4096', '/keys/ed25519', '/signature/sha256', '/code/utf8mb4', '/webhooks/v2beta1/list'];
  // One at a time: two values under one collection are its parameter whatever they are (`/keys/{keyId}`).
  expect(paths.flatMap((p) => shadows([ex('GET', p)]))).toEqual(paths.map((p) => `GET ${p} 1`));
});

test("words joined by separators after a secret's word are a literal (until 6 Dec `/admin/oauth/{oauthId}`)", () => {
  const paths = ['/admin/oauth/access_scopes.json', '/api/tokens/revoke_all_tokens'];
  expect([...paths, '/reset/xkqzpt-mwvbnr-qlkjhg'].flatMap((p) => shadows([ex('GET', p)]))).toEqual([...paths.map((p) => `GET ${p} 1`), 'GET /reset/{resetId} 1']);
});
test("a capability link's token, hex or a Zapier hook's key, is a parameter, not the template", () => {
  const found = shadows([ex('POST', '/hooks/catch/1234567/b3x9k2q/'), ex('GET', '/share/Ab3dEf9hIj2kLmNo')]);
  expect(found.join('\n')).not.toMatch(/b3x9k2q|Ab3dEf9hIj2kLmNo/);
  expect(found).toHaveLength(2);
});
