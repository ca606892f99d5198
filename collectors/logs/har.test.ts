import { expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_FIXTURES } from '../../test/require';
import { exchangeSchema, fingerprintCredential, type Exchange } from '../../lib/exchange';
import { createHarFormat } from './har';
import { TEST_KEY } from './test-helpers';

/** A HAR 1.2 entry as browsers write it, with only what a test needs changed. */
function entry(request: Record<string, unknown>): Record<string, unknown> {
  return {
    startedDateTime: '2024-01-01T00:00:00.000Z',
    time: 5,
    request: { method: 'GET', httpVersion: 'HTTP/1.1', headers: [], cookies: [], headersSize: -1, bodySize: 0, ...request },
    response: { status: 200, httpVersion: 'HTTP/1.1', headers: [], cookies: [], content: { size: 0 }, headersSize: -1, bodySize: 0 },
  };
}

function parseHar(entries: unknown[]): Exchange[] {
  const records: Exchange[] = [];
  createHarFormat(TEST_KEY).parseDocument({ log: { version: '1.2', entries } }, 't.har', (ex) => records.push(exchangeSchema.parse(ex)));
  return records;
}

test('each record names its entry (1-based index in log.entries), skipped entries counted in', () => {
  const records = parseHar([entry({ url: 'https://a.example/one' }), { request: 'not an entry' }, entry({ url: 'https://a.example/three' })]);
  expect(records.map((r) => [r.path, r.source])).toEqual([
    ['/one', { file: 't.har', line: 1 }],
    ['/three', { file: 't.har', line: 3 }],
  ]);
});

test('credentials in the URL are evidence even without a queryString array: userinfo as basic, query keys as api-key', () => {
  const url = 'https://alice:pw-1@api.example.com/v1/me?api_key=k-1&token=t-1';
  const records = parseHar([entry({ url })]);
  expect(records[0]).toMatchObject({ host: 'api.example.com', path: '/v1/me', query: ['api_key', 'token'] });
  const fp = (credential: string) => fingerprintCredential(credential, TEST_KEY);
  expect(records[0].auth).toEqual([
    { kind: 'basic', fingerprint: fp(Buffer.from('alice:pw-1').toString('base64')) },
    { kind: 'api-key:api_key', fingerprint: fp('k-1') },
    { kind: 'api-key:token', fingerprint: fp('t-1') },
  ]);
  // With the queryString array too, each credential is listed once.
  const both = parseHar([entry({ url, queryString: [{ name: 'api_key', value: 'k-1' }, { name: 'token', value: 't-1' }] })]);
  expect(both[0].auth).toHaveLength(3);
  expect(both[0].auth).toEqual(expect.arrayContaining(records[0].auth!));
  expect(JSON.stringify([records, both])).not.toMatch(/pw-1|k-1|t-1/);
});

test("a query credential is one caller whether the HAR's queryString is raw (Chrome) or decoded (Firefox)", () => {
  // Chrome's DevTools write each queryString name and value as the URL has them, escapes and all; Firefox decodes
  // them. Until 7 Dec the raw value was fingerprinted beside the URL's decoded one: one key, two callers.
  const url = 'https://api.example.com/v1/me?api_key=k%2B1%3D%3D&x%5Fapi%5Fkey=k%2B1%3D%3D&page=2';
  const chrome = parseHar([entry({ url, queryString: [{ name: 'api_key', value: 'k%2B1%3D%3D' }, { name: 'x%5Fapi%5Fkey', value: 'k%2B1%3D%3D' }, { name: 'page', value: '2' }] })]);
  const firefox = parseHar([entry({ url, queryString: [{ name: 'api_key', value: 'k+1==' }, { name: 'x_api_key', value: 'k+1==' }, { name: 'page', value: '2' }] })]);
  const one = [{ kind: 'api-key:api_key', fingerprint: fingerprintCredential('k+1==', TEST_KEY) }];
  expect([chrome[0].auth, firefox[0].auth, chrome[0].query]).toEqual([one, one, ['api_key', 'x_api_key', 'page']]);
  // A generator that leaves the query out of the URL still has its queryString read.
  expect(parseHar([entry({ url: 'https://api.example.com/v1/me', queryString: [{ name: 'api_key', value: 'k+1==' }] })])[0].auth).toEqual(one);
});

test('a session id in a path parameter is cookie evidence, not part of the path', () => {
  const [record] = parseHar([entry({ url: 'https://shop.example/app;jsessionid=S-9/cart' })]);
  expect(record.path).toBe('/app/cart');
  expect(record.auth).toEqual([{ kind: 'cookie:jsessionid', fingerprint: fingerprintCredential('jsessionid=S-9', TEST_KEY) }]);
  // A key as a path parameter is the query key it stands for (until 7 Dec in the path, and the call `none`).
  const [keyed] = parseHar([entry({ url: 'https://shop.example/cars;api_key=K-7/42?page=2' })]);
  expect([keyed.path, keyed.query, keyed.auth]).toEqual(['/cars/42', ['page'], [{ kind: 'api-key:api_key', fingerprint: fingerprintCredential('K-7', TEST_KEY) }]]);
});

test('a WebSocket entry (ws:// or wss://) records the scheme its handshake used, http or https, and the host without the default port', () => {
  const records = parseHar([entry({ url: 'wss://api.example:443/socket' }), entry({ url: 'WS://api.example:80/live' }), entry({ url: 'wss://api.example:8443/x' })]);
  expect(records.map((r) => [r.scheme, r.host, r.path])).toEqual([
    ['https', 'api.example', '/socket'],
    ['http', 'api.example', '/live'],
    ['https', 'api.example:8443', '/x'],
  ]);
});

test('a form body is scanned with its fields decoded: a sign-up form’s e-mail, phone and card are tagged', () => {
  // Before: scanned as sent (`jane.doe%40example.org`, `4242+4242+…`), and the form carried no tag at all.
  const form = 'name=Jane+Doe&email=jane.doe%40example.org&phone=%2B44+20+7946+0958&card=4242+4242+4242+4242';
  const post = (mimeType: string, text: string) => entry({ method: 'POST', url: 'https://shop.example/signup', postData: { mimeType, text } });
  const [signup, json, lookalike] = parseHar([
    post('application/x-www-form-urlencoded; charset=UTF-8', form),
    post('application/json', '{"q":"jane.doe%40example.org"}'),
    // Decoding finds only what is there: a card number failing Luhn stays untagged.
    post('application/x-www-form-urlencoded', 'ref=4242+4242+4242+4241&at=1733385600015'),
  ]);
  expect([signup.sensitive, json.sensitive, lookalike.sensitive]).toEqual([['email', 'card-number', 'phone'], [], []]);
});

test('a multipart form is scanned field by field, its files left out', () => {
  // Before: multipart bodies (what `fetch` sends for a FormData) were never scanned: the e-mail went untagged.
  const boundary = '----WebKitFormBoundary7MA4YWxkTrZu0gW';
  const part = (headers: string, value: string) => `--${boundary}\r\n${headers}\r\n\r\n${value}\r\n`;
  const text = part('Content-Disposition: form-data; name="email"', 'jane.doe@example.org')
    + part('Content-Disposition: form-data; name="avatar"; filename="a.txt"\r\nContent-Type: text/plain', 'call +44 20 7946 0958')
    + `--${boundary}--\r\n`;
  const [signup] = parseHar([entry({ method: 'POST', url: 'https://shop.example/signup', postData: { mimeType: `multipart/form-data; boundary=${boundary}`, text } })]);
  expect(signup.sensitive).toEqual(['email']);
});

test('a 304, a 204 and a HEAD response carry no body whatever the HAR says (Firefox gives a 304 the cached body size)', () => {
  const responded = (method: string, status: number) => ({
    ...entry({ method, url: 'https://a.example/x' }),
    response: { status, httpVersion: 'HTTP/3', headers: [], cookies: [], content: { size: 23866, mimeType: 'text/html' }, headersSize: 386, bodySize: 5509 },
  });
  expect(parseHar([responded('GET', 304), responded('GET', 204), responded('HEAD', 200), responded('GET', 200)]).map((r) => r.responseBytes)).toEqual([0, 0, 0, 5509]);
});

/** A HAR as Chrome's (and Edge's) DevTools write it: `creator.name` is WebInspector. */
function chromeHar(entries: unknown[]): { records: Exchange[]; counts: ReturnType<ReturnType<typeof createHarFormat>['parseDocument']> } {
  const records: Exchange[] = [];
  const doc = { log: { version: '1.2', creator: { name: 'WebInspector', version: '537.36' }, entries } };
  const counts = createHarFormat(TEST_KEY).parseDocument(doc, 't.har', (ex) => records.push(exchangeSchema.parse(ex)));
  return { records, counts };
}

test("Chrome's default export (sanitized: no Cookie, Authorization or Set-Cookie anywhere) claims no request was unauthenticated", () => {
  // Chrome 130+ 'Export HAR (sanitized)' drops those headers and both cookie arrays (devtools-frontend
  // models/har/Log.ts): read as sent, every call was `none`, and each 2xx to a signed-in user an unauthenticated one.
  const sanitized = chromeHar([entry({ url: 'https://app.example/api/me' }), entry({ url: 'https://app.example/api/keys', headers: [{ name: 'X-Api-Key', value: 'k-1' }] })]);
  expect(sanitized.records.map((r) => r.auth)).toEqual([undefined, [{ kind: 'api-key:x-api-key', fingerprint: fingerprintCredential('k-1', TEST_KEY) }]]);
  expect(sanitized.counts.credentialsRemoved).toBe(true);
  // Exported with sensitive data, a cookie somewhere: what is missing elsewhere was not sent.
  const whole = chromeHar([entry({ url: 'https://app.example/api/me' }), entry({ url: 'https://app.example/', headers: [{ name: 'Cookie', value: 'sid=s-1' }] })]);
  expect(whole.records.map((r) => r.auth?.[0].kind)).toEqual(['none', 'cookie:sid']);
  expect(whole.counts.credentialsRemoved).toBe(false);
  // Other tools do not sanitize: no credential in their entries is none.
  expect(parseHar([entry({ url: 'https://app.example/api/me' })])[0].auth).toEqual([{ kind: 'none' }]);
});

test("an entry the browser served from its cache claims no call: no `none`, sizes or latency (Safari's Memory Cache, Chrome's _fromCache)", () => {
  // Safari records such a hit with no request headers and a content size of 0: until 6 Dec it was an unauthenticated
  // 200 with an empty body, answered in 0.06 ms, though no request reached the server.
  const cached = (extra: Record<string, unknown>, response: Record<string, unknown>) => ({
    ...entry({ url: 'https://app.example/api/me', headers: [], bodySize: -1 }),
    time: 0.06,
    response: { status: 200, httpVersion: '', headers: [{ name: 'Content-Type', value: 'application/json' }], cookies: [], content: { size: 0, mimeType: 'application/json' }, headersSize: -1, bodySize: -1, ...response },
    ...extra,
  });
  const [safari, chrome, network] = parseHar([
    cached({ _fetchType: 'Memory Cache' }, {}),
    cached({ _fromCache: 'disk' }, { bodySize: 0, content: { size: 512, mimeType: 'application/json' } }),
    cached({ _fetchType: 'Network Load' }, { bodySize: 512 }),
  ]);
  expect(safari).toEqual({ ts: '2024-01-01T00:00:00.000Z', method: 'GET', host: 'app.example', scheme: 'https', path: '/api/me', transport: 'http/1.1', status: 200, responseContentType: 'application/json', source: { file: 't.har', line: 1 } });
  expect(chrome).toEqual({ ...safari, source: { file: 't.har', line: 2 } });
  expect(network).toMatchObject({ latencyMs: 0.06, responseBytes: 512, auth: [{ kind: 'none' }] });
});

test('a request that got no response (status 0: offline, blocked, aborted) has no response size or latency', () => {
  // Chrome logs it with `content.size: 0`: until 6 Dec a response of 0 bytes, which never came.
  const failed = { ...entry({ url: 'https://app.example/api/me' }), response: { status: 0, httpVersion: '', headers: [], cookies: [], content: { size: 0, mimeType: 'x-unknown' }, headersSize: -1, bodySize: -1, _error: 'net::ERR_INTERNET_DISCONNECTED' } };
  const [record] = parseHar([failed]);
  expect(record).not.toHaveProperty('status');
  expect(record).not.toHaveProperty('responseBytes');
  // Nor a latency: the time to a failure is none to an answer (a capture has one only with a status).
  expect(record).not.toHaveProperty('latencyMs');
});

test("the exchange starts when its request went, after the browser's queueing, DNS and connection; its latency is send, wait and receive", () => {
  // Safari's first entry in mitmproxy__safari.har: until 6 Dec `ts` was when the page queued it and the latency its
  // `time`, 111 ms of which 82 were queueing, DNS, TCP and TLS setup (a capture starts at the first request byte).
  const timed = {
    ...entry({ url: 'https://mitmproxy.org/' }),
    startedDateTime: '2023-03-30T00:13:32.418Z',
    time: 111.34259781101719,
    timings: { blocked: 2.400923112872988, dns: 50.99903920199722, connect: 29.000284848734736, ssl: 19.000165397301316, send: 0.7859446341171861, wait: 6.00014696829021, receive: 21.15597511874512 },
  };
  const [record] = parseHar([timed]);
  expect(record.ts).toBe('2023-03-30T00:13:32.500Z');
  expect(record.latencyMs).toBeCloseTo(27.942, 3);
  // Timings not measured (-1), or none at all: the entry's own start and `time`.
  const [reused] = parseHar([{ ...timed, timings: { blocked: -1, dns: -1, connect: -1, send: 1, wait: 5, receive: 2 } }]);
  expect([reused.ts, reused.latencyMs]).toEqual(['2023-03-30T00:13:32.418Z', 8]);
  const [untimed] = parseHar([{ ...timed, timings: undefined }]);
  expect([untimed.ts, untimed.latencyMs]).toEqual(['2023-03-30T00:13:32.418Z', 111.34259781101719]);
});

test("without a bodySize (Chrome over HTTP/2 and 3 gives -1) the size is the body as sent: Content-Length, never the decoded content.size of a compressed body", () => {
  // Until 6 Dec a gzipped 1 200-byte JSON answer was 5 000 bytes, content.size being the body after decoding.
  const answered = (headers: Array<{ name: string; value: string }>) => ({
    ...entry({ url: 'https://api.example.com/v1/items', httpVersion: 'h3' }),
    response: { status: 200, httpVersion: 'h3', headers, cookies: [], content: { size: 5000, mimeType: 'application/json' }, headersSize: -1, bodySize: -1 },
  });
  const sizes = parseHar([
    answered([{ name: 'content-encoding', value: 'gzip' }, { name: 'content-length', value: '1200' }]),
    answered([{ name: 'content-encoding', value: 'br' }]),
    answered([]),
  ]).map((r) => r.responseBytes);
  expect(sizes).toEqual([1200, undefined, 5000]);
});

test("Firefox's cache hits (no header bytes on the wire: `headersSize: 0`) claim no call, as Safari's and Chrome's do", () => {
  // Firefox exports no cache flag; its headersSize is the raw headers received (devtools network-response-listener:
  // none from its cache). mitmproxy__firefox.har's polyfills.js, clipboard.min.js, snapshots.js and favicon.ico: all
  // timings 0, no server address. Until 6 Dec each was an unauthenticated 200 of its stored size, answered in 0 ms.
  // (The images' `time: 0` was their latency.)
  const har = JSON.parse(readFileSync(join(SHARED_FIXTURES, 'har/mitmproxy__firefox.har'), 'utf8'));
  const records: Exchange[] = [];
  createHarFormat(TEST_KEY).parseDocument(har, 'f.har', (ex) => records.push(exchangeSchema.parse(ex)));
  // Its image cache's answers (logo-navbar.png and four more) have `timings: {}` and no response headers.
  const images = ['/logo-navbar.png', '/screenshot.png', '/mitmweb.png', '/sponsors/proxyman.png', '/sponsors/netograph.svg'];
  const hits = records.filter((r) => ['/polyfills.js', '/clipboard.min.js', '/snapshots.js', '/favicon.ico', ...images].includes(r.path ?? ''));
  expect(hits).toHaveLength(9);
  for (const hit of hits) {
    expect(hit).toMatchObject({ status: 200, method: 'GET' });
    expect(hit).not.toHaveProperty('auth');
    expect(hit).not.toHaveProperty('responseBytes');
    expect(hit).not.toHaveProperty('latencyMs');
  }
  // Near miss: the revalidations that went to the server (304, headers received) keep their call.
  expect(records.find((r) => r.path === '/data/github-stats.json')).toMatchObject({ status: 304, latencyMs: 7, auth: [{ kind: 'none' }], dst: '13.35.121.55' });
  // Near miss: another tool writing `headersSize: 0` for every response (Charles) is no Firefox export.
  const charles: Exchange[] = [];
  const charlesHar = { log: { version: '1.2', creator: { name: 'Charles Proxy', version: '4.6.3' }, entries: [{ ...entry({ url: 'https://app.example/api/me' }), response: { status: 200, httpVersion: 'HTTP/1.1', headers: [{ name: 'Content-Type', value: 'application/json' }], cookies: [], content: { size: 12 }, headersSize: 0, bodySize: 12 } }] } };
  createHarFormat(TEST_KEY).parseDocument(charlesHar, 'c.har', (ex) => charles.push(ex));
  expect(charles[0]).toMatchObject({ responseBytes: 12, latencyMs: 5, auth: [{ kind: 'none' }] });
});

test("Chrome's answer from a service worker's Cache Storage (or the HTTP cache it fetched from) claims no call", () => {
  // devtools-frontend writes `_fetchedViaServiceWorker` and `_serviceWorkerResponseSource` on the response (CDP's
  // ServiceWorkerResponseSource). Until 6 Dec a Workbox-cached API answer was a call with the page's credential.
  const viaWorker = (source: string) => ({
    ...entry({ url: 'https://app.example/api/me', headers: [{ name: 'Authorization', value: 'Bearer opaque-token-1' }] }),
    response: { status: 200, httpVersion: 'HTTP/1.1', headers: [], cookies: [], content: { size: 12, mimeType: 'application/json' }, headersSize: -1, bodySize: 12, _fetchedViaServiceWorker: true, _serviceWorkerResponseSource: source },
  });
  const [cacheStorage, httpCache, network] = parseHar([viaWorker('cache-storage'), viaWorker('http-cache'), viaWorker('network')]);
  for (const hit of [cacheStorage, httpCache]) {
    expect(hit).toMatchObject({ status: 200, path: '/api/me' });
    expect(hit).not.toHaveProperty('responseBytes');
    expect(hit).not.toHaveProperty('latencyMs');
  }
  // Near miss: the worker fetched it from the network, a call the server answered.
  expect(network).toMatchObject({ responseBytes: 12, latencyMs: 5, auth: [{ kind: 'bearer-opaque' }] });
});

test("a request Chrome never sent (no response, provisional headers: no HTTP version) claims no `none`", () => {
  // mitmproxy__chrome.har's 2nd entry, www.google.com offline (net::ERR_INTERNET_DISCONNECTED): Chrome shows the headers
  // it would have sent, cookies left out (its 3rd entry, the same site, sends 21). Until 6 Dec an unauthenticated call.
  const har = JSON.parse(readFileSync(join(SHARED_FIXTURES, 'har/mitmproxy__chrome.har'), 'utf8'));
  const records: Exchange[] = [];
  createHarFormat(TEST_KEY).parseDocument(har, 'c.har', (ex) => records.push(exchangeSchema.parse(ex)));
  expect(records[1]).toMatchObject({ method: 'GET', host: 'www.google.com', path: '/' });
  expect(records[1]).not.toHaveProperty('auth');
  expect(records[1]).not.toHaveProperty('status');
  // Near misses: a request sent (its version known) that got no answer, and one answered, keep their `none`.
  const failed = (httpVersion: string, status: number) => ({ ...entry({ url: 'https://app.example/api/me', httpVersion }), response: { status, httpVersion: '', headers: [], cookies: [], content: { size: 0 }, headersSize: -1, bodySize: -1 } });
  const [sentUnanswered, provisionalAnswered] = parseHar([failed('HTTP/1.1', 0), failed('', 200)]);
  expect(sentUnanswered.auth).toEqual([{ kind: 'none' }]);
  expect(provisionalAnswered.auth).toEqual([{ kind: 'none' }]);
});

test("a queryString array read for a URL with no query is that URL's query: names decoded and recorded, credentials by name, tokens redacted", () => {
  // Until 7 Dec the array went to the auth reader as written: a raw (Chrome-style) `api%5Fkey` was no credential's
  // name, `none`, and `k%2B1%3D%3D` another caller than `k+1==`; no name was recorded, where the URL's query's are.
  const token = 'CANARYq7Rm2xVb9KpL4sWd8ZtYc3NfJh6GaE1uXo';
  const base = 'https://api.example.com/v1/me';
  const asUrl = parseHar([entry({ url: `${base}?api_key=k%2B1%3D%3D&page=2&${token}` })])[0];
  const raw = parseHar([entry({ url: base, queryString: [{ name: 'api%5Fkey', value: 'k%2B1%3D%3D' }, { name: 'page', value: '2' }, { name: token, value: '' }] })])[0];
  const decoded = parseHar([entry({ url: base, queryString: [{ name: 'api_key', value: 'k+1==' }, { name: 'page', value: '2' }, { name: token, value: '' }] })])[0];
  expect(asUrl.auth).toEqual([{ kind: 'api-key:api_key', fingerprint: fingerprintCredential('k+1==', TEST_KEY) }]);
  for (const record of [raw, decoded]) expect([record.path, record.query, record.auth]).toEqual([asUrl.path, asUrl.query, asUrl.auth]);
  expect(JSON.stringify([raw, decoded])).not.toMatch(/CANARY|k\+1|k%2B1/);
});
