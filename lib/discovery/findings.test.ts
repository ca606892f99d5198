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
      '/item-sunset': ['deprecated-operation'],
      '/op-sunset': ['deprecated-operation'],
      '/plain': ['undeclared-deprecation', 'undeclared-sunset'],
    });
  });

  test("the API's own sunset or retirement declares both for every operation", async () => {
    expect(await findingsWithLifecycleHeaders({ 'x-sunset': '2027-06-01' }, { '/a': { get: { responses: ok } } })).toEqual({ '/a': ['deprecated-operation'] });
    expect(await findingsWithLifecycleHeaders({ 'x-lifecycle': 'retired' }, { '/a': { get: { responses: ok } } })).toEqual({ '/a': ['undeclared-sunset'] });
  });
});

describe('missing scopes are judged token by token', () => {
  const spec = {
    openapi: '3.0.3',
    info: { title: 'Orders', version: '1' },
    servers: [{ url: 'https://api.test' }],
    components: { securitySchemes: { oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://idp.test/token', scopes: { read: 'r', write: 'w' } } } } } },
    paths: { '/orders': { post: { security: [{ oauth: ['read', 'write'] }], responses: { '201': { description: 'ok' }, '403': { description: 'no' } } } } },
  };
  async function findings(calls: Array<[string[], number]>) {
    const r = await loadSpecDocument('orders.yaml', spec);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const e = createDiscoveryEngine({ specs: [r.spec], hideNotFound: true });
    for (const [scopes, status] of calls) {
      e.addExchange({ ts: '2026-01-02T03:04:05Z', host: 'api.test', method: 'POST', path: '/orders', status, auth: [{ kind: 'bearer-jwt', fingerprint: '0000000000000001', jwt: { iss: 'https://idp.test/', scopes } }] });
    }
    return e.result(new Date('2026-01-10T00:00:00Z')).endpoints[0].findings.filter((f) => f.kind === 'missing-scopes');
  }

  test('a read-only token and a write-only token that both got a 2xx each lack a scope, though together they hold both', async () => {
    // Before: the union of all tokens' scopes (read, write) satisfied the operation, and no finding was raised.
    expect(await findings([[['read'], 201], [['write'], 201]])).toEqual([{ kind: 'missing-scopes', message: 'tokens seen lack required scopes: read, write', values: ['read', 'write'] }]);
    expect(await findings([[['read'], 201], [['read', 'write'], 201]])).toEqual([{ kind: 'missing-scopes', message: 'tokens seen lack required scopes: write', values: ['write'] }]);
  });

  test('a token the API refused (403) is enforcement working, not a finding; a token holding every scope is none', async () => {
    expect(await findings([[['read'], 403], [['read', 'write'], 201]])).toEqual([]);
    expect(await findings([[['write', 'read', 'admin'], 201]])).toEqual([]);
  });
});

describe('a 2xx to an expired or unsigned JWT', () => {
  const spec = {
    openapi: '3.0.3',
    info: { title: 'Orders', version: '1' },
    servers: [{ url: 'https://api.test' }],
    paths: { '/orders': { get: { responses: { '200': { description: 'ok' }, '401': { description: 'no' } } } } },
  };
  async function findings(path: string, calls: Array<[{ alg: string; exp?: number }, number]>) {
    const r = await loadSpecDocument('orders.yaml', spec);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const e = createDiscoveryEngine({ specs: [r.spec], hideNotFound: true });
    for (const [jwt, status] of calls) {
      e.addExchange({ ts: '2026-01-02T03:04:05Z', host: 'api.test', method: 'GET', path, status, auth: [{ kind: 'bearer-jwt', fingerprint: '0000000000000001', jwt: { iss: 'https://idp.test/', ...jwt } }] });
    }
    return e.result(new Date('2026-01-10T00:00:00Z')).endpoints[0].findings.filter((f) => f.kind === 'jwt-not-enforced');
  }
  const at = Date.parse('2026-01-02T03:04:05Z') / 1000;

  test('is a finding on documented and shadow endpoints: the token was never checked', async () => {
    // Before: `exp` and `alg` were read from every token and dropped, so an API accepting any token went unseen.
    const expected = (n: number) => [{ kind: 'jwt-not-enforced', message: `${n} requests with an expired or unsigned (alg none) JWT got a 2xx: tokens are not verified` }];
    expect(await findings('/orders', [[{ alg: 'RS256', exp: at - 3600 }, 200], [{ alg: 'none' }, 200]])).toEqual(expected(2));
    expect(await findings('/admin/export', [[{ alg: 'none' }, 200]])).toEqual(expected(1));
  });

  test('is none when refused, within five minutes of clock skew, or still valid', async () => {
    expect(await findings('/orders', [[{ alg: 'RS256', exp: at - 3600 }, 401], [{ alg: 'RS256', exp: at - 120 }, 200], [{ alg: 'RS256', exp: at + 600 }, 200]])).toEqual([]);
  });
});
