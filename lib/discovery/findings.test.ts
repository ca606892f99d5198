import { describe, expect, test } from 'vitest';
import { loadSpecDocument } from '../openapi/load-spec';
import { createDiscoveryEngine } from './discovery-engine';

const ok = { '200': { description: 'ok' } };

/** The findings of each endpoint called once with RFC 9745 `Deprecation` and RFC 8594 `Sunset` response headers. */
async function findingsWithLifecycleHeaders(info: Record<string, unknown>, paths: Record<string, unknown>) {
  const r = await loadSpecDocument('orders.yaml', { openapi: '3.0.3', info: { title: 'Orders', version: '1', ...info }, servers: [{ url: 'https://api.test' }], paths });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const e = createDiscoveryEngine({ specs: [r.spec], hideNotFound: true });
  for (const path of Object.keys(paths)) {
    e.addExchange({ ts: '2026-01-02T03:04:05Z', host: 'api.test', method: 'GET', path, status: 200, deprecation: '@1780000000', sunset: 'Tue, 01 Jun 2027 00:00:00 GMT' });
  }
  const result = e.result(new Date('2026-01-10T00:00:00Z'));
  return Object.fromEntries(result.endpoints.map((x) => [x.path, x.findings.map((f) => f.kind)]));
}

describe('Deprecation and Sunset headers against what the spec declares', () => {
  test('a sunset on the operation or its path item declares the deprecation: no undeclared-deprecation', async () => {
    expect(
      await findingsWithLifecycleHeaders({}, {
        '/plain': { get: { responses: ok } },
        '/flagged': { get: { deprecated: true, responses: ok } },
        '/op-sunset': { get: { 'x-sunset': '2027-06-01', responses: ok } },
        '/item-sunset': { 'x-deprecation-date': '2027-06-01', get: { responses: ok } },
        '/flagged-sunset': { get: { deprecated: true, 'x-sunset-date': '2027-06-01', responses: ok } },
      }),
    ).toEqual({
      '/flagged': ['undeclared-sunset'],
      '/flagged-sunset': [],
      '/item-sunset': [],
      '/op-sunset': [],
      '/plain': ['undeclared-deprecation', 'undeclared-sunset'],
    });
  });

  test("the API's own sunset or retirement declares both for every operation", async () => {
    expect(await findingsWithLifecycleHeaders({ 'x-sunset': '2027-06-01' }, { '/a': { get: { responses: ok } } })).toEqual({ '/a': [] });
    expect(await findingsWithLifecycleHeaders({ 'x-lifecycle': 'retired' }, { '/a': { get: { responses: ok } } })).toEqual({ '/a': ['undeclared-sunset'] });
  });
});
