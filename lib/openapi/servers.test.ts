import { expect, test } from 'vitest';
import type { SpecProblem } from './spec-model';
import { loadSpecDocument } from './load-spec';
import { createMatcher, matchOperation } from './matcher';
import { canonicalHost, MAX_SERVER_COMBINATIONS, resolveServers } from './servers';

test('server variables expand to every enum value, else to the default', () => {
  expect(
    resolveServers([
      { url: 'https://{region}.api.example.com:{port}/{basePath}', variables: { region: { default: 'eu', enum: ['eu', 'us'] }, port: { default: '443' }, basePath: { default: 'v2' } } },
    ]),
  ).toEqual([
    { host: 'eu.api.example.com', basePath: '/v2' },
    { host: 'us.api.example.com', basePath: '/v2' },
  ]);
});

test('relative, root and missing servers', () => {
  expect(resolveServers([{ url: '/api/v1/' }])).toEqual([{ basePath: '/api/v1' }]);
  expect(resolveServers([{ url: 'https://api.stripe.com/' }])).toEqual([{ host: 'api.stripe.com', basePath: '' }]);
  expect(resolveServers(undefined)).toEqual([{ basePath: '' }]);
  expect(resolveServers([{ url: 'http://localhost:8080' }])).toEqual([{ host: 'localhost:8080', basePath: '' }]);
});

test("a server's :80 or :443 is dropped whatever its scheme, as a request's is", async () => {
  // Before: Swagger 2.0's `host: api.example.com:443` without `schemes` (read as http) kept the port, which no request
  // host keeps, so every call to the spec's operations was a shadow.
  expect(resolveServers([{ url: 'http://api.example.com:443/v1' }, { url: 'https://pay.test:80' }, { url: 'http://shop.test:8443' }])).toEqual([
    { host: 'api.example.com', basePath: '/v1' },
    { host: 'pay.test', basePath: '' },
    { host: 'shop.test:8443', basePath: '' },
  ]);
  const swagger = await loadSpecDocument('s', { swagger: '2.0', info: { title: 't', version: '1' }, host: 'api.example.com:443', paths: { '/a': { get: { responses: { '200': { description: 'ok' } } } } } });
  expect(swagger.ok && matchOperation(createMatcher([swagger.spec]), 'api.example.com:443', 'GET', '/a').kind).toBe('operation');
});

test('request hosts drop default ports and case', () => {
  expect([canonicalHost('API.Example.com:443'), canonicalHost('api.example.com:8443'), canonicalHost('[2001:db8::1]:80'), canonicalHost(undefined)]).toEqual([
    'api.example.com',
    'api.example.com:8443',
    '[2001:db8::1]',
    undefined,
  ]);
});

test('every combination of server variables is matched, well past 32 (20 regions × 2 versions)', () => {
  // /tmp/bb-specs-work/sv2: combinations past the 32nd were dropped without a word, so r16–r19 came out shadow.
  const regions = Array.from({ length: 20 }, (_, i) => `r${String(i).padStart(2, '0')}`);
  const warnings: SpecProblem[] = [];
  const servers = resolveServers([{ url: 'https://{region}.api.x.com/{version}', variables: { region: { default: 'r00', enum: regions }, version: { default: 'v1', enum: ['v1', 'v2'] } } }], warnings);
  expect(servers).toHaveLength(40);
  expect(servers.slice(-2)).toEqual([
    { host: 'r19.api.x.com', basePath: '/v1' },
    { host: 'r19.api.x.com', basePath: '/v2' },
  ]);
  expect(warnings).toEqual([]);
});

test('past the bound the cut is said, with where and how many', () => {
  const ten = { enum: Array.from({ length: 10 }, (_, i) => `x${i}`) };
  const warnings: SpecProblem[] = [];
  const servers = resolveServers([{ url: '/' }, { url: 'https://{a}.{b}.test/{c}', variables: { a: ten, b: ten, c: ten } }], warnings, '/paths/~1users/servers');
  expect(servers).toHaveLength(1 + MAX_SERVER_COMBINATIONS);
  expect(warnings).toEqual([
    { pointer: '/paths/~1users/servers/1/variables', message: `server variables combine to 1000 URLs; only the first ${MAX_SERVER_COMBINATIONS} are matched, traffic to the others shows as shadow` },
  ]);
});

test('a relative server URL with dot segments is taken from the root, as one without them is', () => {
  // Before: `./api/v1` was the base path `/./api/v1` and `.` was `/.`, which no request has: every call was a shadow.
  expect(resolveServers([{ url: './api/v1' }, { url: '.' }, { url: '../v2/' }, { url: 'https://api.x.com/./v3' }])).toEqual([
    { basePath: '/api/v1' },
    { basePath: '' },
    { basePath: '/v2' },
    { host: 'api.x.com', basePath: '/v3' },
  ]);
});

test('a server variable the URL uses but variables does not give is said, with what is matched instead', () => {
  // Before: `https://{tenant}.x.com` without variables was matched as the host `.x.com` without a word: every call a shadow.
  const warnings: SpecProblem[] = [];
  expect(resolveServers([{ url: 'https://{tenant}.x.com/{v}', variables: { v: { default: 'v1' } } }, { url: 'https://{a}.{b}.y.com' }], warnings, '/paths/~1u/servers')).toEqual([
    { host: '.x.com', basePath: '/v1' },
    { host: '..y.com', basePath: '' },
  ]);
  expect(warnings).toEqual([
    { pointer: '/paths/~1u/servers/0/url', message: "server variable {tenant} has no value in variables: matched as https://.x.com/v1, traffic to the server's real URLs shows as shadow" },
    { pointer: '/paths/~1u/servers/1/url', message: "server variables {a}, {b} have no value in variables: matched as https://..y.com, traffic to the server's real URLs shows as shadow" },
  ]);
});

test('a fully qualified host (trailing dot) is the same host, in traffic and in a spec', () => {
  // Before: `api.example.com.` matched no server `api.example.com` and became an inventory host of its own.
  expect([canonicalHost('api.example.com.'), canonicalHost('API.example.com.:443'), canonicalHost('api.example.com.:8443'), canonicalHost('[::1]:8080')]).toEqual([
    'api.example.com',
    'api.example.com',
    'api.example.com:8443',
    '[::1]:8080',
  ]);
  expect(resolveServers([{ url: 'https://api.example.com./v1' }])).toEqual([{ host: 'api.example.com', basePath: '/v1' }]);
});

test('an IDN in Unicode is the host its A-label names, in traffic and in a spec', () => {
  // Before: `bücher.example` (a Host some clients send, a spec's server URL) and `xn--bcher-kva.example` (TLS SNI,
  // most clients) were two hosts, so captured calls to a spec written in Unicode were all shadow.
  expect([canonicalHost('Bücher.example'), canonicalHost('bücher.example.:8443'), canonicalHost('xn--bcher-kva.example')]).toEqual([
    'xn--bcher-kva.example',
    'xn--bcher-kva.example:8443',
    'xn--bcher-kva.example',
  ]);
  expect(resolveServers([{ url: 'https://bücher.example/api' }])).toEqual([{ host: 'xn--bcher-kva.example', basePath: '/api' }]);
});

test('a default the enum lacks is matched too: it is what a client sends when it chooses nothing', () => {
  // Before: only the enum's values were matched, and every call to the default's host was a shadow.
  expect(resolveServers([{ url: 'https://{env}.pay.example', variables: { env: { default: 'api', enum: ['sandbox', 'staging'] } } }])).toEqual([
    { host: 'api.pay.example', basePath: '' },
    { host: 'sandbox.pay.example', basePath: '' },
    { host: 'staging.pay.example', basePath: '' },
  ]);
});

test('a server URL that starts with a host name but no scheme is said: it is a path, as OpenAPI reads it', () => {
  // Until 6 Dec `api.x.com/v1` became the base path /api.x.com/v1 on any host without a word, and every call a shadow.
  const warnings: SpecProblem[] = [];
  const servers = resolveServers([{ url: 'api.x.com/v1' }, { url: 'localhost:8080' }, { url: 'v1.2/api' }, { url: '/v1' }, { url: 'https://api.y.com/v2' }], warnings);
  expect(servers.map((s) => `${s.host ?? ''}${s.basePath}`)).toEqual(['/api.x.com/v1', '/localhost:8080', '/v1.2/api', '/v1', 'api.y.com/v2']);
  expect(warnings.map((w) => w.pointer)).toEqual(['/servers/0/url', '/servers/1/url']);
  expect(warnings[0].message).toBe('server URL api.x.com/v1 has no scheme, so it is a path (/api.x.com/v1) on any host; write https://api.x.com/v1 to name the host');
});
