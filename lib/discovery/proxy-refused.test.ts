import { expect, test } from 'vitest';
import type { Exchange } from '../exchange';
import { loadSpecDocument } from '../openapi/load-spec';
import { createDiscoveryEngine } from './discovery-engine';

const NOW = new Date('2026-12-07T00:00:00Z');

/**
 * A client behind an authenticating forward proxy (a capture on its side, a HAR, Squid's `TCP_DENIED/407`): the
 * first try of each call is answered 407 by the proxy, the retry with `Proxy-Authorization` reaches the API. NTLM and
 * Negotiate proxies refuse twice per connection.
 */
async function throughProxy() {
  const r = await loadSpecDocument('shop.yaml', {
    openapi: '3.0.3',
    info: { title: 'Shop', version: '1' },
    servers: [{ url: 'https://shop.test/api' }],
    paths: {
      '/orders': { get: { operationId: 'listOrders', responses: { '200': { description: 'ok' } } } },
      '/health': { get: { operationId: 'health', responses: { '200': { description: 'ok' } } } },
    },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const e = createDiscoveryEngine({ specs: [r.spec], hideNotFound: true });
  const call = (partial: Partial<Exchange>): Exchange => ({ ts: '2026-12-06T10:00:00Z', host: 'shop.test', method: 'GET', path: '/api/orders', ...partial });
  const proxyCredential = { kind: 'proxy:basic', fingerprint: '0123456789abcdef' };
  e.addExchange(call({ status: 407, auth: [{ kind: 'none' }] }));
  e.addExchange(call({ status: 407, auth: [{ kind: 'none' }, { kind: 'proxy:ntlm' }] }));
  e.addExchange(call({ status: 200, auth: [{ kind: 'none' }, proxyCredential] }));
  // Only ever refused by the proxy: the API never got the call.
  e.addExchange(call({ path: '/api/health', status: 407, auth: [{ kind: 'none' }] }));
  e.addExchange(call({ path: '/api/admin/export', status: 407, auth: [{ kind: 'none' }] }));
  // A captive portal's intercepting proxy answers 511 (Network Authentication Required, RFC 6585 §6) in the API's place.
  e.addExchange(call({ status: 511, auth: [{ kind: 'none' }] }));
  return e.result(NOW);
}

test("a forward proxy's 407 (or an intercepting proxy's 511) is no response of the API: not counted on the endpoint, counted apart", async () => {
  const result = await throughProxy();
  expect(result.endpoints.map((x) => [x.method, x.host + x.path, x.state, x.requests])).toEqual([['GET', 'shop.test/api/orders', 'documented', 1]]);
  const orders = result.endpoints[0];
  expect(orders.evidence.statuses).toEqual({ 200: 1 });
  // The 407s carried no credential of the API's, but they never reached it either: not anonymous calls the API took.
  expect(orders.evidence.authKinds).toEqual({ none: 1, 'proxy:basic': 1 });
  expect(orders.evidence.daily).toEqual({ '2026-12-06': { requests: 1, errors: 0, unauthenticated: 1 } });
  // The spec needs no 407: the API never sends one.
  expect(orders.findings.filter((f) => f.kind === 'undocumented-status')).toEqual([]);
  // An operation only the proxy was asked for is unused by anyone the API answered.
  expect(result.unused.map((u) => u.operationId)).toEqual(['health']);
  expect(result.stats).toEqual({ skipped: 0, overflow: 0, notFound: 0, preflights: 0, proxyRefused: 5 });
});
