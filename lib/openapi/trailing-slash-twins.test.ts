import { expect, test } from 'vitest';
import { createDiscoveryEngine } from '../discovery/discovery-engine';
import { loadSpecDocument } from './load-spec';

const ok = { '200': { description: 'ok' } };

async function discover(paths: Record<string, unknown>, calls: Array<[string, string]>) {
  const r = await loadSpecDocument('items.yaml', { openapi: '3.0.3', info: { title: 'Items', version: '1' }, servers: [{ url: 'https://api.test' }], paths });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const e = createDiscoveryEngine({ specs: [r.spec], hideNotFound: true });
  for (const [method, path] of calls) e.addExchange({ ts: '2026-01-02T03:04:05Z', host: 'api.test', method, path, status: 200 });
  const result = e.result(new Date('2026-01-10T00:00:00Z'));
  return { warnings: r.warnings, endpoints: result.endpoints.map((x) => `${x.state} ${x.method} ${x.path} ${x.operationId ?? ''}`), unused: result.unused.map((u) => u.operationId) };
}

test('calls to an operation written both with and without a trailing slash count for its live copy, and the spec says which', async () => {
  // Before: the spelling written last won, so calls to the live GET /items were zombie calls to the deprecated GET /items/.
  const paths = { '/items': { get: { operationId: 'listItems', responses: ok } }, '/items/': { get: { operationId: 'oldListItems', deprecated: true, responses: ok } } };
  expect(await discover(paths, [['GET', '/items'], ['GET', '/items/']])).toEqual({
    warnings: [{ pointer: '/paths/~1items~1/get', message: 'GET /items/ and GET /items are one operation to matching (a trailing slash is not significant): calls to either count as GET /items' }],
    endpoints: ['documented GET /items listItems'],
    unused: [],
  });
  // Written the other way round, the live copy still counts.
  const reversed = { '/items/': paths['/items/'], '/items': paths['/items'] };
  expect((await discover(reversed, [['GET', '/items/']])).endpoints).toEqual(['documented GET /items listItems']);
});

test('two live spellings count for the one without the slash, whatever the order written; other methods are no twins (near misses)', async () => {
  const paths = { '/items/': { get: { operationId: 'a', responses: ok } }, '/items': { get: { operationId: 'b', responses: ok }, post: { operationId: 'c', responses: ok } } };
  const r = await discover(paths, [['GET', '/items'], ['POST', '/items/']]);
  expect(r.endpoints).toEqual(['documented GET /items b', 'documented POST /items c']);
  expect(r.warnings.map((w) => w.message)).toEqual(['GET /items/ and GET /items are one operation to matching (a trailing slash is not significant): calls to either count as GET /items']);
  const apart = await discover({ '/items/': { get: { operationId: 'a', responses: ok } }, '/items': { post: { operationId: 'c', responses: ok } } }, []);
  expect(apart.warnings).toEqual([]);
});
