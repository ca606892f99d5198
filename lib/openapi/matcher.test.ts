import { describe, expect, test, vi } from 'vitest';
import { loadSpecDocument } from './load-spec';
import { createMatcher, hostForPath, matchOperation, sameHost, type MatchResult } from './matcher';
import type { NormalisedSpec } from './spec-model';

const ok = { responses: { '200': { description: 'ok' } } };
const param = (name: string, extra: Record<string, unknown> = {}) => ({ name, in: 'path', required: true, schema: { type: 'string' }, ...extra });

async function spec(doc: Record<string, unknown>): Promise<NormalisedSpec> {
  const r = await loadSpecDocument('t', { openapi: '3.0.3', info: { title: 't', version: '1' }, ...doc });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.spec;
}

const describeMatch = (m: MatchResult) => (m.kind === 'none' ? 'none' : `${m.kind} ${m.entry.wireTemplate} ${m.host ?? '-'}`);

describe('matchOperation', async () => {
  const api = await spec({
    servers: [{ url: 'https://api.example.com/v1' }],
    paths: {
      '/users/me': { get: ok },
      '/users/{id}': { parameters: [param('id')], get: ok, delete: ok },
      '/repos/{owner}/{repo}/contents/{path}': { parameters: [param('owner'), param('repo'), param('path', { 'x-multi-segment': true })], get: ok },
      '/files/{+path}': { parameters: [param('path')], get: ok },
      '/statuses/show/{id}.json': { parameters: [param('id')], get: ok },
      '/docs/{name}.{ext}': { parameters: [param('name'), param('ext')], get: ok },
    },
  });
  const matcher = createMatcher([api]);
  const m = (method: string, path: string, host: string | undefined = 'api.example.com') => describeMatch(matchOperation(matcher, host, method, path));

  test('literal segments beat parameters', () => {
    expect(m('GET', '/v1/users/me')).toBe('operation /v1/users/me api.example.com');
    expect(m('GET', '/v1/users/42')).toBe('operation /v1/users/{id} api.example.com');
  });

  test('a method the literal path lacks falls to the parameter path that has it', () => {
    expect(m('DELETE', '/v1/users/me')).toBe('operation /v1/users/{id} api.example.com');
  });

  test('a method missing on every matching path is a shadow method on a documented path', () => {
    expect(m('PATCH', '/v1/users/42')).toBe('path /v1/users/{id} api.example.com');
  });

  test('multi-segment parameters (x-multi-segment, {+path}) span slashes', () => {
    expect(m('GET', '/v1/repos/octocat/hello-world/contents/src/lib/index.ts')).toBe('operation /v1/repos/{owner}/{repo}/contents/{path} api.example.com');
    expect(m('GET', '/v1/files/a/b/c.txt')).toBe('operation /v1/files/{+path} api.example.com');
  });

  test('parameters with a literal suffix', () => {
    expect(m('GET', '/v1/statuses/show/123.json')).toBe('operation /v1/statuses/show/{id}.json api.example.com');
    expect(m('GET', '/v1/statuses/show/.json')).toBe('none');
  });

  test('several parameters in one segment', () => {
    expect(m('GET', '/v1/docs/report.2024.pdf')).toBe('operation /v1/docs/{name}.{ext} api.example.com');
    expect(m('GET', '/v1/docs/noextension')).toBe('none');
  });

  test('trailing slash, duplicate slashes and encoded unreserved characters do not matter', () => {
    expect(m('GET', '/v1/users/me/')).toBe('operation /v1/users/me api.example.com');
    expect(m('GET', '//v1//users/me')).toBe('operation /v1/users/me api.example.com');
    expect(m('GET', '/v1/users/%6De')).toBe('operation /v1/users/me api.example.com');
    expect(m('GET', '/v1/users/a%2Fb')).toBe('operation /v1/users/{id} api.example.com');
  });

  test('the base path is required and the host must be one of the servers', () => {
    expect(m('GET', '/users/me')).toBe('none');
    expect(m('GET', '/v1/users/me', 'other.example.com')).toBe('none');
    expect(m('GET', '/v1/users/me', 'API.example.com:443')).toBe('operation /v1/users/me api.example.com');
    // A server URL without a port covers the host on any port (a mirror behind a proxy sees :8443).
    expect(m('GET', '/v1/users/me', 'api.example.com:8443')).toBe('operation /v1/users/me api.example.com');
    expect(sameHost('localhost:8080', 'localhost:9090')).toBe(false);
    expect(sameHost('[::1]', '[::1]:8080')).toBe(true);
  });

  test('a request without a host takes the host of the spec it matches', () => {
    expect(m('GET', '/v1/users/me', undefined)).toBe('operation /v1/users/me api.example.com');
    expect(hostForPath(matcher, '/v1/users/42/keys')).toBe('api.example.com');
    expect(hostForPath(matcher, '/elsewhere')).toBe(undefined);
    // The base path alone (`/v1`, shared by many APIs) does not make a path this spec's.
    expect(hostForPath(matcher, '/v1/charges/ch_123')).toBe(undefined);
  });

  test('a generic segment a spec writes in its paths does not make a host-less path the spec\u2019s either', async () => {
    // Stripe's shape: the version in the paths, not the server. Before: `/v1/widgets/42` went to that host.
    const stripeLike = createMatcher([await spec({ servers: [{ url: 'https://api.stripe.test/' }], paths: { '/v1/customers/{customer}': { get: ok }, '/api/health': { get: ok } } })]);
    expect(['/v1/widgets/42', '/v1/users/me', '/api/status'].map((p) => hostForPath(stripeLike, p))).toEqual([undefined, undefined, undefined]);
    expect(['/v1/customers/cus_9s6XKzkNRiz8i3/notes', '/api/health/deep'].map((p) => hostForPath(stripeLike, p))).toEqual(['api.stripe.test', 'api.stripe.test']);
  });

  test('a distinctive base path alone is enough to place a host-less request', async () => {
    const payments = createMatcher([await spec({ servers: [{ url: 'https://pay.test/payments-api/v1' }], paths: { '/charges': { get: ok } } })]);
    expect(hostForPath(payments, '/payments-api/v1/refunds/9')).toBe('pay.test');
    expect(hostForPath(payments, '/payments-api/v2/refunds/9')).toBe(undefined);
  });

  test('HEAD is answered by GET when the spec has no HEAD', () => {
    expect(m('HEAD', '/v1/users/42')).toBe('operation /v1/users/{id} api.example.com');
  });

  test('OPTIONS on a documented path is the preflight the CORS layer answers; the spec\'s own OPTIONS wins', async () => {
    expect(m('OPTIONS', '/v1/users/42')).toBe('operation /v1/users/{id} api.example.com');
    expect(m('OPTIONS', '/v1/users/me')).toBe('operation /v1/users/me api.example.com');
    expect(m('OPTIONS', '/v1/nowhere/42')).toBe('none');
    const own = await spec({ servers: [{ url: '/v1' }], paths: { '/items': { get: ok, options: { operationId: 'itemsOptions', ...ok } } } });
    const r = matchOperation(createMatcher([own]), 'x.test', 'OPTIONS', '/v1/items');
    expect(r.kind === 'operation' && r.operation.operationId).toBe('itemsOptions');
  });

  test('a documented OPTIONS on a parameter path beats the preflight implied by a literal path', async () => {
    const own = await spec({
      servers: [{ url: '/v1' }],
      paths: { '/items/me': { get: ok }, '/items/{id}': { parameters: [param('id')], get: ok, options: { operationId: 'itemOptions', ...ok } } },
    });
    const r = matchOperation(createMatcher([own]), 'x.test', 'OPTIONS', '/v1/items/me');
    expect(r.kind === 'operation' && [r.entry.wireTemplate, r.operation.operationId]).toEqual(['/v1/items/{id}', 'itemOptions']);
  });

  test('one rule for HEAD and OPTIONS: a documented method on a parameter path beats one a literal path only implies', async () => {
    const users = await spec({
      servers: [{ url: '/v1' }],
      paths: {
        '/users/me': { get: ok },
        '/users/{id}': { parameters: [param('id')], get: ok, head: { operationId: 'userHead', ...ok }, options: { operationId: 'userOptions', ...ok } },
        '/teams/me': { get: ok },
        '/teams/{id}': { parameters: [param('id')], get: ok },
      },
    });
    const at = (method: string, path: string) => {
      const r = matchOperation(createMatcher([users]), 'x.test', method, path);
      return r.kind === 'operation' ? `${r.entry.wireTemplate} ${r.operation.method} ${r.operation.operationId ?? '-'}` : r.kind;
    };
    expect(at('HEAD', '/v1/users/me')).toBe('/v1/users/{id} HEAD userHead');
    expect(at('OPTIONS', '/v1/users/me')).toBe('/v1/users/{id} OPTIONS userOptions');
    // Where every matching path only implies the method, the most specific path still wins.
    expect(at('HEAD', '/v1/teams/me')).toBe('/v1/teams/me GET -');
    expect(at('OPTIONS', '/v1/teams/me')).toBe('/v1/teams/me OPTIONS -');
  });

  test('the longest base path wins across specs; a relative server matches any host', async () => {
    const v2 = await spec({ servers: [{ url: '/api/v2' }], paths: { '/users': { get: ok } } });
    const root = await spec({ servers: [{ url: '/api' }], paths: { '/v2/users': { post: ok } } });
    const both = createMatcher([root, v2]);
    expect(describeMatch(matchOperation(both, 'x.test', 'GET', '/api/v2/users'))).toBe('operation /api/v2/users x.test');
    expect(describeMatch(matchOperation(both, 'x.test', 'POST', '/api/v2/users'))).toBe('operation /api/v2/users x.test');
  });

  test('path-level servers override the document servers for their operations', async () => {
    const s = await spec({
      servers: [{ url: 'https://api.test/v1' }],
      paths: { '/users': { get: ok }, '/uploads': { servers: [{ url: 'https://uploads.test/v2' }], post: ok } },
    });
    const mm = createMatcher([s]);
    expect(describeMatch(matchOperation(mm, 'uploads.test', 'POST', '/v2/uploads'))).toBe('operation /v2/uploads uploads.test');
    expect(describeMatch(matchOperation(mm, 'api.test', 'POST', '/v1/uploads'))).toBe('none');
    expect(describeMatch(matchOperation(mm, 'api.test', 'GET', '/v1/users'))).toBe('operation /v1/users api.test');
  });
});

test('a hostile segment against several parameters in one segment is read once, never by a backtracking regex', async () => {
  // /tmp/bb-specs-work/redos: 8 KB of `a-a-…` without the `.` kept the lazy-regex matcher busy 15 s, growing
  // with the cube of the length; this segment is 125 times longer. A regular expression over the request
  // would be what backtracks, so the test refuses to run one on it instead of waiting for it.
  const days = await spec({ paths: { '/days/{year}-{month}-{day}.{ext}': { parameters: ['year', 'month', 'day', 'ext'].map((n) => param(n)), get: ok } } });
  const matcher = createMatcher([days]);
  const hostile = 'a-'.repeat(500_000);
  const exec = RegExp.prototype.exec;
  const longest: number[] = [];
  const spy = vi.spyOn(RegExp.prototype, 'exec').mockImplementation(function (this: RegExp, s: string) {
    longest.push(s.length);
    if (s.length > 1_000) throw new Error(`a regular expression read ${s.length} characters of the request`);
    return exec.call(this, s);
  });
  try {
    expect(describeMatch(matchOperation(matcher, 'x.test', 'GET', `/days/${hostile}`))).toBe('none');
    expect(describeMatch(matchOperation(matcher, 'x.test', 'GET', `/days/${hostile}a.json`))).toBe('operation /days/{year}-{month}-{day}.{ext} x.test');
    expect(describeMatch(matchOperation(matcher, 'x.test', 'GET', '/days/2024-12-06.json'))).toBe('operation /days/{year}-{month}-{day}.{ext} x.test');
  } finally {
    spy.mockRestore();
  }
  expect(Math.max(0, ...longest)).toBeLessThan(1_000);
});

test('percent-encoded literals in a spec path match the request however it is encoded', async () => {
  // /tmp/bb-specs-work/m: the spec's /caf%C3%A9 was never matched, so /v2/caf%C3%A9 came out as shadow /v2/café.
  const s = await spec({
    servers: [{ url: 'https://api.x.test/v2' }],
    paths: { '/caf%C3%A9': { get: ok }, '/files/%C3%A9t%C3%A9-{id}': { parameters: [param('id')], get: ok }, '/a%2Fb': { get: ok } },
  });
  const mm = createMatcher([s]);
  const m = (path: string) => describeMatch(matchOperation(mm, 'api.x.test', 'GET', path));
  expect([m('/v2/caf%C3%A9'), m('/v2/caf%c3%a9'), m('/v2/café')]).toEqual(Array(3).fill('operation /v2/caf%C3%A9 api.x.test'));
  expect(m('/v2/files/%C3%A9t%C3%A9-7')).toBe('operation /v2/files/%C3%A9t%C3%A9-{id} api.x.test');
  expect(m('/v2/a%2Fb')).toBe('operation /v2/a%2Fb api.x.test');
  expect(m('/v2/cafe')).toBe('none');
  // Templating keeps the documented word apart from values: it is compared decoded too.
  expect(mm.literalsFor('api.x.test').has('café')).toBe(true);
});
