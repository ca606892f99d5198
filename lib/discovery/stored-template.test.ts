import { expect, test } from 'vitest';
import { loadSpecDocument } from '../openapi/load-spec';
import { createMatcher } from '../openapi/matcher';
import type { NormalisedSpec } from '../openapi/spec-model';
import { createDiscoveryEngine } from './discovery-engine';
import type { PathOverride } from './overrides';
import { retemplateStoredPath, storedTemplateMayChange } from './stored-template';

const NOW = new Date('2026-01-10T00:00:00Z');

/** What today's engine stores for one request to this path. */
function templatedNow(method: string, path: string, specs: NormalisedSpec[] = [], overrides: PathOverride[] = []): string {
  const engine = createDiscoveryEngine({ specs, overrides });
  engine.addExchange({ ts: '2026-01-01T00:00:00Z', host: 'api.test', method, path, status: 200 });
  const [endpoint] = engine.result(NOW).endpoints;
  return endpoint.path;
}

function retemplated(template: string, specs: NormalisedSpec[] = [], overrides: PathOverride[] = [], keep: string[] = []): string {
  const matcher = createMatcher(specs);
  return retemplateStoredPath('api.test', 'GET', template, { matcher, overrides, protectedLiterals: new Set([...matcher.literalsFor('api.test'), ...keep]) });
}

// Literals the 5 Dec morning release (7b49c98) stored as templates, each a rule added since (see git log of
// lib/discovery/segment-types.ts, lib/security/redact-path.ts, lib/openapi/request-path.ts).
const OLD_LITERALS = [
  '/password/reset/Kx7pQ2mZ', // a reset code too short to look random (c9a5d84)
  '/invite/Qw3rTy9x/accept',
  '/v1/key=CANARYshortkey/x', // a one-pair segment (000b0fc)
  '/orders/01ARZ3NDEKTSVQRRFFQWXGHFAV', // a ULID whose random part reads like letters (0c314ca)
  '/cars;api_key=CANARY/items', // a matrix parameter (b3d83dd)
];

test('a literal an older release stored gets the template today’s engine gives the same request', () => {
  for (const old of OLD_LITERALS) expect([old, retemplated(old)]).toEqual([old, templatedNow('GET', old)]);
  expect(OLD_LITERALS.map((t) => retemplated(t))).toEqual([
    '/password/reset/{resetId}',
    '/invite/{inviteId}/accept',
    '/v1/{param}/x',
    '/orders/{orderId}',
    '/cars/items',
  ]);
});

test('parameters keep their names and a template with nothing to change comes back as it is', () => {
  expect(retemplated('/users/{id}/reset/Kx7pQ2mZ')).toBe('/users/{id}/reset/{resetId}');
  for (const t of ['/users/{userId}', '/reset/password', '/files/a%2Fb/meta', '/statuses/{id}.json', '/', '/1.1/users/me']) expect(retemplated(t)).toBe(t);
  // Idempotent: a re-templated path is current.
  for (const old of OLD_LITERALS) expect(retemplated(retemplated(old))).toBe(retemplated(old));
});

test('a literal a spec documents, or an override names, stays a literal', async () => {
  const r = await loadSpecDocument('t', {
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    servers: [{ url: 'https://api.test' }],
    paths: { '/password/reset/Kx7pQ2mZ': { post: { responses: { '200': { description: 'ok' } } } } },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  expect(retemplated('/password/reset/Kx7pQ2mZ', [r.spec])).toBe('/password/reset/Kx7pQ2mZ');
  expect(retemplated('/invite/Qw3rTy9x/accept', [], [{ action: 'split', pattern: '/invite/Qw3rTy9x' }], ['Qw3rTy9x'])).toBe('/invite/Qw3rTy9x/accept');
  // A merge override makes its position a parameter, as the engine does (classification then gives it the pattern's name).
  const merge: PathOverride[] = [{ action: 'merge', pattern: '/teams/{team}' }];
  expect(retemplated('/teams/core/invite/Qw3rTy9x', [], merge)).toBe(templatedNow('GET', '/teams/core/invite/Qw3rTy9x', [], merge));
  expect(retemplated('/teams/core/invite/Qw3rTy9x', [], merge)).toBe('/teams/{teamId}/invite/{inviteId}');
});

test('the check ingest runs on every pushed template passes what today’s engine makes and flags every old literal', () => {
  const current = ['/users/{userId}', '/reset/password', '/files/a%2Fb/meta', '/statuses/{id}.json', '/', '/1.1/users/me', templatedNow('GET', '/password/reset/Kx7pQ2mZ')];
  expect(current.map((t) => storedTemplateMayChange(t))).toEqual(current.map(() => false));
  expect(OLD_LITERALS.map((t) => storedTemplateMayChange(t))).toEqual(OLD_LITERALS.map(() => true));
  // Protection only keeps literals: what may change unprotected may still stay, never the other way round.
  expect([storedTemplateMayChange('/invite/Qw3rTy9x/accept'), retemplated('/invite/Qw3rTy9x/accept', [], [], ['Qw3rTy9x'])]).toEqual([true, '/invite/Qw3rTy9x/accept']);
});

test('a `{date}` an older release made of eight-digit IDs is named as today, decided by the example paths', () => {
  // Until 6 Dec any eight digits were a date: `/orders/12345678` was stored as `/orders/{date}`.
  const orders = ['/orders/12345678', '/orders/23456789'];
  expect(retemplateStoredPath('api.test', 'GET', '/orders/{date}', { matcher: createMatcher([]), overrides: [], protectedLiterals: new Set() }, orders)).toBe(templatedNow('GET', '/orders/12345678'));
  expect(templatedNow('GET', '/orders/12345678')).toBe('/orders/{orderId}');
  expect(storedTemplateMayChange('/orders/{date}', orders)).toBe(true);
  expect(retemplateStoredPath('api.test', 'GET', '/exports/{date}.json', { matcher: createMatcher([]), overrides: [], protectedLiterals: new Set() }, ['/exports/12345678.json'])).toBe('/exports/{exportId}.json');
  // A real date, a mix, or nothing to judge by: the name stays.
  for (const examples of [['/reports/20240115'], ['/reports/20240115', '/reports/12345678'], [], ['/reports/12345678/extra']]) {
    expect([examples, storedTemplateMayChange('/reports/{date}', examples)]).toEqual([examples, false]);
  }
});

test('a dated API version an older release stored as `{date}` first is the literal again; a day stays `{date}`', () => {
  // Until 7 Dec a date first in the path was a `{date}` at once: Twilio's version was a parameter.
  const ctx = { matcher: createMatcher([]), overrides: [], protectedLiterals: new Set<string>() };
  const twilio = ['/2010-04-01/Accounts/AC0a1b2c3d4e5f60718293a4b5c6d7e8f9/Messages.json', '/2010-04-01/Accounts/AC1b2c3d4e5f60718293a4b5c6d7e8f90a/Messages.json'];
  expect(storedTemplateMayChange('/{date}/Accounts/{hash}/Messages.json', twilio)).toBe(true);
  expect(retemplateStoredPath('api.test', 'GET', '/{date}/Accounts/{hash}/Messages.json', ctx, twilio, '2026-01-01T00:00:00Z')).toBe('/2010-04-01/Accounts/{accountId}/Messages.json');
  // A day the row was first seen on is a day (dated-root.ts); two versions in one row cannot be split; a route's own name stays.
  expect(retemplateStoredPath('api.test', 'GET', '/{date}/summary', ctx, ['/2024-01-05/summary'], '2024-01-05T10:00:00Z')).toBe('/{date}/summary');
  expect(retemplateStoredPath('api.test', 'GET', '/{date}/functions', ctx, ['/2015-03-31/functions', '/2018-10-31/functions'], '2026-01-01T00:00:00Z')).toBe('/{date}/functions');
  expect(retemplateStoredPath('api.test', 'GET', '/{day}/summary', ctx, ['/2010-04-01/summary'], '2026-01-01T00:00:00Z')).toBe('/{day}/summary');
});

test('a registry digest an older release stored as a literal gets today\u2019s template', () => {
  const old = '/v2/library/ubuntu/blobs/sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
  expect([storedTemplateMayChange(old), retemplated(old)]).toEqual([true, templatedNow('GET', old)]);
  expect(retemplated(old)).toBe('/v2/library/ubuntu/blobs/{blobId}');
  // Until 7 Dec a hash was `{hash}` after a collection too: named after it as today; with none before it, it stays.
  expect([retemplated('/repos/octocat/linux/commits/{hash}'), storedTemplateMayChange('/v1/{hash}'), storedTemplateMayChange('/objects/{objectId}/{hash}')]).toEqual(['/repos/octocat/linux/commits/{commitId}', false, false]);
});

test('an IP address an older release stored as a literal gets today\u2019s template', () => {
  for (const old of ['/8.8.8.8/json', '/api/nodes/10.0.3.4/stats', '/check/2001:db8::1']) expect([storedTemplateMayChange(old), retemplated(old)]).toEqual([true, templatedNow('GET', old)]);
  expect(['/8.8.8.8/json', '/api/nodes/10.0.3.4/stats'].map((t) => retemplated(t))).toEqual(['/{ip}/json', '/api/nodes/{ip}/stats']);
});

test("a framework's route syntax an older release kept from a trace is read as the parameter it is", () => {
  const old = ['/users/<int:user_id>', '/api/orders/{id:int}', '/blog/[slug]/comments', '/carts/{id:[0-9]+}', '/items/{id?}', '/lots/{lot:int?}'];
  expect(old.map((t) => [storedTemplateMayChange(t), retemplated(t)])).toEqual([
    [true, '/users/{user_id}'], [true, '/api/orders/{id}'], [true, '/blog/{slug}/comments'], [true, '/carts/{id}'],
    // ASP.NET Core's optional parameter (STORED_DATA_RULES 14): until 6 Dec `{id?}` was stored as the name `id?`.
    [true, '/items/{id}'], [true, '/lots/{lot}'],
  ]);
  // A current template is left as it is.
  for (const t of ['/users/{user_id}', '/x/{name}.{ext}', '/statuses/{id}.json']) expect([t, storedTemplateMayChange(t)]).toEqual([t, false]);
});

test('a stored template with a vendor key as its only matrix parameter (STORED_DATA_RULES 10) is brought to today’s', () => {
  // Before 6 Dec `private_token` and `jwt` named no credential, so `/v1/;private_token/items` was stored as a template.
  for (const old of ['/v1/;private_token/items', '/v1/;jwt/items']) {
    expect([storedTemplateMayChange(old), retemplated(old)]).toEqual([true, templatedNow('GET', '/v1/items')]);
  }
});

test("an API's version an older release stored as a parameter (`/rest/api/{apiId}/…`) is the literal again, decided by the example paths", () => {
  const ctx = { matcher: createMatcher([]), overrides: [], protectedLiterals: new Set<string>() };
  const jira = ['/rest/api/3/issue/PROJ-1', '/rest/api/3/issue/PROJ-2'];
  expect([storedTemplateMayChange('/rest/api/{apiId}/issue/{issueId}', jira), retemplateStoredPath('api.test', 'GET', '/rest/api/{apiId}/issue/{issueId}', ctx, jira)]).toEqual([
    true, '/rest/api/3/issue/{issueId}',
  ]);
  expect(retemplateStoredPath('api.test', 'GET', '/api/{apiId}/projects', ctx, ['/api/0/projects/'])).toBe('/api/0/projects');
  // Versions 2 and 3 in one row, an ID that is no version, or nothing to judge by: the parameter stays, named as a value
  // after a namespace is today (`{apiId}` said an item of `api`).
  for (const examples of [['/rest/api/2/issue/A-1', '/rest/api/3/issue/B-1'], ['/rest/api/42/issue/A-1'], []]) {
    expect([examples, retemplateStoredPath('api.test', 'GET', '/rest/api/{apiId}/issue/{issueId}', ctx, examples)]).toEqual([examples, '/rest/api/{param}/issue/{issueId}']);
  }
});

test("an OData key an older release stored in a literal (`/odata/Products(1)`, STORED_DATA_RULES 37) is today's parameter", () => {
  const old = ['/odata/Products(1)/Supplier', "/odata/Customers('ALFKI')", '/api/data/v9.2/accounts(00000000-0000-0000-0000-000000000001)'];
  expect(old.map((t) => [storedTemplateMayChange(t), retemplated(t)])).toEqual(old.map((t) => [true, templatedNow('GET', t)]));
  expect(old.map((t) => retemplated(t))).toEqual(['/odata/Products({productId})/Supplier', "/odata/Customers('{customerId}')", '/api/data/v9.2/accounts({accountId})']);
  // Today's templates, a spec's names among them, come back as they are.
  for (const t of ['/odata/Products({productId})', "/odata/Customers('{CustomerID}')/Orders", "/_api/web/lists(guid'{listId}')"]) expect([t, storedTemplateMayChange(t)]).toEqual([t, false]);
});

test("a title's year an older release stored as an OData key (`/wiki/Heat({heatId})`, STORED_DATA_RULES 45) is the literal again", () => {
  const ctx = { matcher: createMatcher([]), overrides: [], protectedLiterals: new Set<string>() };
  // Every example has the same value there: the row is that literal's, as today's traffic is.
  expect(retemplateStoredPath('api.test', 'GET', '/wiki/Heat({heatId})', ctx, ['/wiki/Heat(1995)'])).toBe(templatedNow('GET', '/wiki/Heat(1995)'));
  expect(storedTemplateMayChange('/films/Alien({alienId})/cast', ['/films/Alien(1979)/cast'])).toBe(true);
  // Two values in one row cannot be split, nothing to judge by says nothing, and an OData path's key stays one.
  for (const [t, examples] of [['/wiki/Heat({heatId})', ['/wiki/Heat(1995)', '/wiki/Heat(2009)']], ['/wiki/Heat({heatId})', []], ['/odata/Products({productId})', ['/odata/Products(1)']]] as const) {
    expect([t, examples, storedTemplateMayChange(t, examples)]).toEqual([t, examples, false]);
  }
});

test('a locale an older release stored as a literal (`/en-US/products/{productId}`, STORED_DATA_RULES 38) is a parameter', () => {
  for (const old of ['/en-US/products/{productId}', '/zh-Hant-TW/about']) expect([storedTemplateMayChange(old), retemplated(old)]).toEqual([true, templatedNow('GET', old.replace('{productId}', '42'))]);
  expect(retemplated('/en-US/products/{productId}')).toBe('/{locale}/products/{productId}');
  // A script without a region (STORED_DATA_RULES 67).
  expect([storedTemplateMayChange('/api/translations/zh-Hans'), retemplated('/api/translations/zh-Hans')]).toEqual([true, '/api/translations/{locale}']);
});

test('a value after a namespace an older release named after it (`/v2/{v2Id}`, `/api/{apiId}`) is named as today', () => {
  // Until 6 Dec the namespace was taken for a collection: `/api/v2/{v2Id}`, a registry's `/v2/{v2Id}/{param}/manifests/…`.
  const old = ['/api/v2/{v2Id}', '/v2/{v2Id}/{param}/manifests/{version}', '/api/{apiId}/users', '/v1beta1/{v1beta1Id}.json'];
  expect(old.map((t) => [storedTemplateMayChange(t), retemplated(t)])).toEqual([
    [true, '/api/v2/{param}'], [true, '/v2/{param}/{param2}/manifests/{version}'], [true, '/api/{param}/users'], [true, '/v1beta1/{param}.json'],
  ]);
  expect(retemplated('/api/v2/{v2Id}')).toBe(templatedNow('GET', '/api/v2/9f3c2a91-3d44-4c3a-9a1e-1b2c3d4e5f60'));
  // A collection's item, or a name a spec or an operator gave, stays.
  for (const t of ['/api/users/{userId}', '/v2/{name}/manifests/{reference}', '/api/{tenant}/users', '/apis/{apiId}']) expect([t, storedTemplateMayChange(t)]).toEqual([t, false]);
});

test('an item an older release named after an ID kept as a literal (`/services/T024BE7LD/B01ABCDE2FG/{b01ABCDE2FGId}`) is named as today', () => {
  expect([storedTemplateMayChange('/services/T024BE7LD/B01ABCDE2FG/{b01ABCDE2FGId}'), retemplated('/services/T024BE7LD/B01ABCDE2FG/{b01ABCDE2FGId}')]).toEqual([true, '/services/T024BE7LD/B01ABCDE2FG/{param}']);
});

test('an item of a collection of IDs an older release named `{taxIdId}` is named as today', () => {
  expect([storedTemplateMayChange('/v1/customers/{customerId}/tax_ids/{taxIdId}'), retemplated('/v1/customers/{customerId}/tax_ids/{taxIdId}')]).toEqual([true, '/v1/customers/{customerId}/tax_ids/{taxId}']);
});

test('an item an older release named by a wrong singular (`/movies/{movyId}`, `/species/{specyId}`) is named as today', () => {
  expect(['/movies/{movyId}/cast', '/api/species/{specyId}'].map((t) => [storedTemplateMayChange(t), retemplated(t)])).toEqual([[true, '/movies/{movieId}/cast'], [true, '/api/species/{speciesId}']]);
  for (const t of ['/movies/{movieId}', '/categories/{categoryId}', '/movies/{id}']) expect([t, storedTemplateMayChange(t)]).toEqual([t, false]);
  // STORED_DATA_RULES 46: a word whose `s` is no plural's (`/static/js/{jId}`, Twitter's `/1.1/statuses/{statuseId}.json`).
  expect(['/static/js/{jId}', '/ipfs/{ipfId}/meta', '/1.1/statuses/{statuseId}.json'].map((t) => [storedTemplateMayChange(t), retemplated(t)])).toEqual([
    [true, '/static/js/{jsId}'], [true, '/ipfs/{ipfsId}/meta'], [true, '/1.1/statuses/{statusId}.json'],
  ]);
});

test('a token holding an escape (`%20`, `%2F`) an older release kept as a literal (STORED_DATA_RULES 47) is a parameter; a name with spaces stays', () => {
  // Until 6 Dec templating judged the decoded segment, where a space or a `/` kept a token from looking random.
  const old = ['/v1/docs/CANARY 9xQ2mZr7Lp4Wv8Yt3Kd', '/s/Kx7pQ2mZ%2Fa9Lm3Qp8Zr5Tn/meta'];
  expect(old.map((t) => [storedTemplateMayChange(t), retemplated(t)])).toEqual([[true, '/v1/docs/{docId}'], [true, '/s/{sId}/meta']]);
  expect(old.map((t) => retemplated(t))).toEqual(['/v1/docs/CANARY%209xQ2mZr7Lp4Wv8Yt3Kd', '/s/Kx7pQ2mZ%2Fa9Lm3Qp8Zr5Tn/meta'].map((p) => templatedNow('GET', p)));
  for (const t of ['/reports/Quarterly Report 2024 Final v3.pdf', '/api/v4/projects/diaspora%2Fdiaspora/repository', '/files/a%2Fb/meta']) expect([t, storedTemplateMayChange(t)]).toEqual([t, false]);
});

test("a URL's `user:password@` in the path an older release kept as a literal (STORED_DATA_RULES 49) is a parameter", () => {
  const old = '/unsafe/300x200/http:/admin:pw12345@10.0.0.5/cam.jpg';
  expect([storedTemplateMayChange(old), retemplated(old)]).toEqual([true, templatedNow('GET', '/unsafe/300x200/http://admin:pw12345@10.0.0.5/cam.jpg')]);
  expect(retemplated(old)).toBe('/unsafe/300x200/http:/{param}/cam.jpg');
  for (const t of ['/web/{webId}/https:/example.com/page', '/v1/slots/10:30@room4']) expect([t, storedTemplateMayChange(t)]).toEqual([t, false]);
});

test("a date's parts an older release named as items are named `{year}/{month}/{day}`, decided by the example paths", () => {
  // Until 6 Dec `/archive/2024/01/15` was stored as `/archive/{archiveId}/{param}/{param2}`.
  const ctx = { matcher: createMatcher([]), overrides: [], protectedLiterals: new Set<string>() };
  const examples = ['/archive/2024/01/15', '/archive/2023/12/31'];
  expect(retemplateStoredPath('api.test', 'GET', '/archive/{archiveId}/{param}/{param2}', ctx, examples)).toBe(templatedNow('GET', examples[0]));
  expect(templatedNow('GET', examples[0])).toBe('/archive/{year}/{month}/{day}');
  expect(storedTemplateMayChange('/archive/{archiveId}/{param}/{param2}', examples)).toBe(true);
  // An example that is no date there, a route's own names, or nothing to judge by: the names stay.
  for (const [template, paths] of [
    ['/archive/{archiveId}/{param}/{param2}', [...examples, '/archive/42/07/15']],
    ['/archive/{yyyy}/{mm}/{dd}', examples],
    ['/archive/{archiveId}/{param}/{param2}', []],
  ] as const) {
    expect([template, paths, storedTemplateMayChange(template, paths)]).toEqual([template, paths, false]);
  }
});

test("a plugin's REST version an older release made a parameter (`/rest/agile/{version}/board/{boardId}`) is the literal again", () => {
  const ctx = { matcher: createMatcher([]), overrides: [], protectedLiterals: new Set<string>() };
  const examples = ['/rest/agile/1.0/board/42', '/rest/agile/1.0/board/43'];
  expect(retemplateStoredPath('api.test', 'GET', '/rest/agile/{version}/board/{boardId}', ctx, examples)).toBe(templatedNow('GET', examples[0]));
  expect(templatedNow('GET', examples[0])).toBe('/rest/agile/1.0/board/{boardId}');
  // Two versions in one row cannot be split; a release's version ending the path is one.
  expect(storedTemplateMayChange('/rest/agile/{version}/board/{boardId}', [...examples, '/rest/agile/2.0/board/7'])).toBe(false);
  expect(storedTemplateMayChange('/rest/releases/{version}', ['/rest/releases/1.2'])).toBe(false);
});

test('a token holding an escaped `:`, `;` or `,` an older release kept as a literal (STORED_DATA_RULES 56) is a parameter; an ARN stays', () => {
  // Until 7 Dec such punctuation, decoded, kept a token from looking random.
  const old = ['/s/Kx7pQ2mZ:a9Lm3Qp8Zr5Tn', '/s/Kx7pQ2mZ,a9Lm3Qp8Zr5Tn/raw'];
  expect(old.map((t) => [storedTemplateMayChange(t), retemplated(t)])).toEqual([[true, '/s/{sId}'], [true, '/s/{sId}/raw']]);
  expect(old.map((t) => retemplated(t))).toEqual(['/s/Kx7pQ2mZ%3Aa9Lm3Qp8Zr5Tn', '/s/Kx7pQ2mZ%2Ca9Lm3Qp8Zr5Tn/raw'].map((p) => templatedNow('GET', p)));
  for (const t of ['/tags/arn:aws:lambda:us-east-1:123456789012:function:my-function', '/r/urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66']) expect([t, storedTemplateMayChange(t)]).toEqual([t, false]);
});

test('a segment holding an escaped query an older release kept as a literal (STORED_DATA_RULES 59) is a parameter', () => {
  // Until 7 Dec the escaped URL's query values (`sig=…`) were the template.
  const raw = '/unsafe/300x200/https%3A%2F%2Fcdn.example%2Fimg.jpg%3Fsig%3DKx7pQ2mZa9Lm3Qp8Zr5Tn';
  const old = '/unsafe/300x200/https:%2F%2Fcdn.example%2Fimg.jpg%3Fsig=Kx7pQ2mZa9Lm3Qp8Zr5Tn';
  expect([storedTemplateMayChange(old), retemplated(old)]).toEqual([true, templatedNow('GET', raw)]);
  expect(templatedNow('GET', raw)).not.toContain('Kx7pQ2mZ');
  expect(storedTemplateMayChange('/wiki/What%3F')).toBe(false);
});

test("Shopify's API version an older release made a parameter (`/admin/api/{param}/orders.json`) is the literal again", () => {
  const ctx = { matcher: createMatcher([]), overrides: [], protectedLiterals: new Set<string>() };
  const examples = ['/admin/api/2024-01/orders/450789469.json', '/admin/api/2024-01/orders/450789470.json'];
  expect(retemplateStoredPath('api.test', 'GET', '/admin/api/{param}/orders/{orderId}.json', ctx, examples)).toBe(templatedNow('GET', examples[0]));
  expect(templatedNow('GET', examples[0])).toBe('/admin/api/2024-01/orders/{orderId}.json');
  // Two versions in one row cannot be split.
  expect(storedTemplateMayChange('/admin/api/{param}/orders/{orderId}.json', [...examples, '/admin/api/2024-04/orders/7.json'])).toBe(false);
});

test("a Kubernetes API group an older release made a parameter (`/apis/{apiId}/v1/…`) is the literal again, decided by the example paths", () => {
  const ctx = { matcher: createMatcher([]), overrides: [], protectedLiterals: new Set<string>() };
  const stored = '/apis/{apiId}/v1/namespaces/{namespaceId}/{param}/web';
  for (const [examples, group] of [
    [['/apis/apps/v1/namespaces/default/deployments/web', '/apis/apps/v1/namespaces/prod/deployments/web'], 'apps'],
    [['/apis/networking.k8s.io/v1/namespaces/default/ingresses/web'], 'networking.k8s.io'],
    [['/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles/web'], 'rbac.authorization.k8s.io'],
  ] as const) {
    expect([group, retemplateStoredPath('api.test', 'GET', stored, ctx, examples)]).toEqual([group, `/apis/${group}/v1/namespaces/{namespaceId}/{param}/web`]);
  }
  expect(templatedNow('GET', '/apis/networking.k8s.io/v1/namespaces/default/ingresses/web')).toBe('/apis/networking.k8s.io/v1/namespaces/default/ingresses/web');
  // Two groups in one row cannot be split; an API management's `/apis/{apiId}` not followed by a version stays; nothing to judge by.
  const mixed = ['/apis/apps/v1/namespaces/default/deployments/web', '/apis/networking.k8s.io/v1/namespaces/default/ingresses/web'];
  expect(storedTemplateMayChange('/apis/{apiId}/v1/namespaces/{namespaceId}/{param}/web', mixed)).toBe(false);
  expect(storedTemplateMayChange('/apis/{apiId}/operations', ['/apis/echo-api/operations'])).toBe(false);
  expect(storedTemplateMayChange('/apis/{apiId}/v1/namespaces/{namespaceId}/{param}/web', [])).toBe(false);
});

test('an item an older release named with its acronym half lowered (`/AWSLogs/{aWSLogId}`) is named as today', () => {
  expect(['/logs/AWSLogs/{aWSLogId}/elb', '/api/URLs/{uRLId}', '/api/IPAddresses/{iPAddressId}'].map((t) => [storedTemplateMayChange(t), retemplated(t)])).toEqual([
    [true, '/logs/AWSLogs/{awsLogId}/elb'], [true, '/api/URLs/{urlId}'], [true, '/api/IPAddresses/{ipAddressId}'],
  ]);
  // Today's names, and a name of a route's own, stay.
  expect(['/logs/AWSLogs/{awsLogId}/elb', '/api/URLs/{id}', '/api/Accounts/{accountId}'].map((t) => storedTemplateMayChange(t))).toEqual([false, false, false]);
});
