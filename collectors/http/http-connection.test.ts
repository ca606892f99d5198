import { expect, test } from 'vitest';
import { exchangeSchema, fingerprintCredential, type Exchange } from '../../lib/exchange';
import { h2Frame, hpackCompressor } from '../../test/gen/h2/frames';
import { conversationPcap, tempCapture, type Turn } from '../../test/gen/pcap/conversation';
import { withSnaplen } from '../../test/gen/pcap/snaplen';
import { extractCaptures } from '../pcap/extract-captures';
import type { BufferBudget } from './buffer-budget';

async function exchangesOf(turns: Turn[], opts: Parameters<typeof conversationPcap>[1] = {}): Promise<{ ex: Exchange[]; stats: Record<string, number> }> {
  const ex: Exchange[] = [];
  const report = await extractCaptures([tempCapture(conversationPcap(turns, opts))], { fingerprintKey: 'k', bodyAnalysis: 'all' }, (e) => ex.push(e));
  for (const e of ex) expect(exchangeSchema.safeParse(e).error).toBeUndefined();
  return { ex, stats: report.stats };
}

const brief = (e: Exchange) => [e.method, e.path, e.status, e.requestBytes ?? 0, e.responseBytes].join(' ');

test('keep-alive: Content-Length, chunked, HEAD, 204 and 304 bodies are framed correctly', async () => {
  const { ex } = await exchangesOf([
    { from: 'client', data: 'POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello' },
    { from: 'server', data: 'HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok' },
    { from: 'client', data: 'GET /b HTTP/1.1\r\nHost: x\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n4;ext=1\r\ndefg\r\n0\r\nTrailer: 1\r\n\r\n' },
    { from: 'client', data: 'HEAD /c HTTP/1.1\r\nHost: x\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 999\r\n\r\n' },
    { from: 'client', data: 'DELETE /d HTTP/1.1\r\nHost: x\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n' },
    { from: 'client', data: 'GET /e HTTP/1.1\r\nHost: x\r\nIf-None-Match: "1"\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 304 Not Modified\r\n\r\n' },
  ]);
  expect(ex.map(brief)).toEqual(['POST /a 201 5 2', 'GET /b 200 0 7', 'HEAD /c 200 0 0', 'DELETE /d 204 0 0', 'GET /e 304 0 0']);
});

test('pipelined requests pair with responses in order, across segment boundaries', async () => {
  const reqs = ['/1', '/2', '/3'].map((p) => `GET ${p} HTTP/1.1\r\nHost: x\r\n\r\n`).join('');
  const resps = [200, 404, 500].map((s) => `HTTP/1.1 ${s} X\r\nContent-Length: 3\r\n\r\nabc`).join('');
  const { ex } = await exchangesOf([{ from: 'client', data: reqs }, { from: 'server', data: resps }], { mss: 7 });
  expect(ex.map(brief)).toEqual(['GET /1 200 0 3', 'GET /2 404 0 3', 'GET /3 500 0 3']);
});

test("responses captured after the client's RST still answer its requests; a reset with nothing owed closes at once", async () => {
  // A client that timed out (or closed with pipelined responses unread) resets; the server's in-flight
  // responses reach the capture after the RST, as on loopback or at a mirror near the client.
  const reqs = ['/1', '/2', '/3'].map((p) => `GET ${p} HTTP/1.1\r\nHost: x\r\n\r\n`).join('');
  const resp = (s: number) => `HTTP/1.1 ${s} X\r\nContent-Length: 3\r\n\r\nabc`;
  const { ex, stats } = await exchangesOf([
    { from: 'client', data: reqs },
    { from: 'server', data: resp(200) },
    { from: 'client', data: '', reset: true },
    { from: 'server', data: resp(410) },
  ]);
  expect(ex.map(brief)).toEqual(['GET /1 200 0 3', 'GET /2 410 0 3', 'GET /3  0 ']);
  expect(stats.unpairedResponses).toBe(0);
  expect(stats.flows).toBe(1);
  // Everything answered before the RST: the connection closes with it, and bytes after it open nothing.
  const done = await exchangesOf([
    { from: 'client', data: reqs.slice(0, reqs.indexOf('GET /2')) },
    { from: 'server', data: resp(200), reset: true },
    { from: 'server', data: resp(500) },
  ]);
  expect(done.ex.map(brief)).toEqual(['GET /1 200 0 3']);
  expect(done.stats.unpairedResponses).toBe(1);
});

test("a forward proxy's client side: absolute-form targets give the URL's path and host; plain HTTP in a CONNECT tunnel is read", async () => {
  const { ex } = await exchangesOf(
    [
      // RFC 9112 §3.2.2: the target's authority names the host; the Host header is ignored then.
      { from: 'client', data: 'GET http://API.Shop.test:80/v1/users/7?expand=orders HTTP/1.1\r\nHost: stale.example\r\n\r\n' },
      { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok' },
      { from: 'client', data: 'POST https://pay.test:8443?dry=1 HTTP/1.1\r\nHost: pay.test:8443\r\nContent-Length: 0\r\n\r\n' },
      { from: 'server', data: 'HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n' },
      { from: 'client', data: 'CONNECT inner.test:8080 HTTP/1.1\r\nHost: inner.test:8080\r\n\r\n' },
      { from: 'server', data: 'HTTP/1.1 200 Connection established\r\n\r\n' },
      { from: 'client', data: 'GET /tunnelled/9?t=1 HTTP/1.1\r\nHost: inner.test:8080\r\n\r\n' },
      { from: 'server', data: 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n' },
    ],
    { serverPort: 3128 },
  );
  expect(ex.map((e) => [e.method, e.host, e.path, e.query, e.status])).toEqual([
    ['GET', 'api.shop.test', '/v1/users/7', ['expand'], 200],
    ['POST', 'pay.test:8443', '/', ['dry'], 201],
    ['CONNECT', 'inner.test:8080', undefined, undefined, 200],
    ['GET', 'inner.test:8080', '/tunnelled/9', ['t'], 404],
  ]);
});

test('credentials in the URL (userinfo, a session path parameter) are evidence, never part of host or path', async () => {
  const { ex } = await exchangesOf([
    { from: 'client', data: 'GET http://bob:pw-3@api.shop.test/v1/me HTTP/1.1\r\nHost: api.shop.test\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n' },
    { from: 'client', data: 'GET /app;jsessionid=S-9?x=1 HTTP/1.1\r\nHost: shop.test\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n' },
    { from: 'client', data: 'GET /cars;api_key=K-7/42?x=1 HTTP/1.1\r\nHost: shop.test\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n' },
  ]);
  expect(ex.map((e) => [e.host, e.path, e.query, e.auth?.map((a) => a.kind)])).toEqual([
    ['api.shop.test', '/v1/me', undefined, ['basic']],
    ['shop.test', '/app', ['x'], ['cookie:jsessionid']],
    ['shop.test', '/cars/42', ['x'], ['api-key:api_key']],
  ]);
  expect(ex[0].auth?.[0].fingerprint).toBe(fingerprintCredential(Buffer.from('bob:pw-3').toString('base64'), 'k'));
  expect(ex[2].auth?.[0].fingerprint).toBe(fingerprintCredential('K-7', 'k'));
  expect(JSON.stringify(ex)).not.toMatch(/pw-3|S-9|K-7/);
});

test('Expect: 100-continue skips the interim response; HTTP/1.0 is reported as such', async () => {
  const { ex } = await exchangesOf([
    { from: 'client', data: 'PUT /up HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 100 Continue\r\n\r\n' },
    { from: 'client', data: 'data' },
    { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n' },
    { from: 'client', data: 'GET /old HTTP/1.0\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.0 200 OK\r\n\r\nuntil close' },
  ]);
  expect(ex.map(brief)).toEqual(['PUT /up 200 4 0', 'GET /old 200 0 11']);
  expect(ex.map((e) => e.transport)).toEqual(['http/1.1', 'http/1.0']);
});

test('Expect: 100-continue answered before the body: a client that skips the body goes on with its next request', async () => {
  const { ex, stats } = await exchangesOf([
    { from: 'client', data: 'PUT /big HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 417 Expectation Failed\r\nContent-Length: 0\r\n\r\n' },
    { from: 'client', data: 'GET /next HTTP/1.1\r\nHost: x\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok' },
    // Answered before the body, which the client sends anyway: still the body.
    { from: 'client', data: 'POST /up HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n' },
    { from: 'client', data: '4\r\nGET \r\n0\r\n\r\n' },
    { from: 'client', data: 'GET /last HTTP/1.1\r\nHost: x\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 204 No Content\r\n\r\n' },
  ]);
  expect(ex.map(brief)).toEqual(['PUT /big 417 0 0', 'GET /next 200 0 2', 'POST /up 401 0 0', 'GET /last 204 0 0']);
  expect(stats.malformed).toBe(0);
});

test('a missing segment inside a body keeps framing; one in a header resynchronises at the next message', async () => {
  const turns: Turn[] = [
    { from: 'client', data: 'GET /a HTTP/1.1\r\nHost: x\r\n\r\n' },
    { from: 'server', data: `HTTP/1.1 200 OK\r\nContent-Length: 3000\r\n\r\n${'x'.repeat(3000)}` },
    { from: 'client', data: 'GET /b HTTP/1.1\r\nHost: x\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\ny' },
  ];
  // Segments: 0 = GET /a, 1..3 = response (1000-byte MSS), 4 = GET /b, 5 = response. Drop a body segment.
  const body = await exchangesOf(turns, { mss: 1000, drop: new Set([2]) });
  // The hole's size is known (the next segment's sequence number), so the body's size stays exact.
  expect(body.ex.map(brief)).toEqual(['GET /a 200 0 3000', 'GET /b 200 0 1']);
  expect(body.stats.gaps).toBe(1);
  // A hole from the end of one body into the next response: the first body's size is still known.
  const across = await exchangesOf([...turns, { from: 'client', data: 'GET /c HTTP/1.1\r\nHost: x\r\n\r\n' }, { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nzz' }], {
    mss: 1000,
    drop: new Set([4, 6]),
  });
  expect(across.ex.map(brief)).toEqual(['GET /a 200 0 3000', 'GET /b  0 ', 'GET /c 200 0 2']);
  // Drop the first request entirely: its response is unpaired, the next exchange is intact.
  const head = await exchangesOf(turns, { mss: 1000, drop: new Set([0]) });
  expect(head.ex.map(brief)).toEqual(['GET /b 200 0 1']);
  expect(head.stats.gaps).toBe(1);
});

test('a body cut before its end (a rotated file ends inside it) has no size, not the part that was seen', async () => {
  const turns: Turn[] = [
    { from: 'client', data: 'POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 2500\r\n\r\n' + 'u'.repeat(2500) },
    { from: 'server', data: `HTTP/1.1 200 OK\r\nContent-Length: 3000\r\n\r\n${'x'.repeat(3000)}` },
  ];
  const whole = conversationPcap(turns, { mss: 1000 });
  const records: number[] = [];
  let at = 24;
  while (at < whole.length) {
    records.push(at);
    at += 16 + whole.readUInt32LE(at + 8);
  }
  // Handshake (3), request (4 segments), then the file ends after the response's first two segments.
  const cutResponse: Exchange[] = [];
  await extractCaptures([tempCapture(whole.subarray(0, records[9]))], { fingerprintKey: 'k' }, (e) => cutResponse.push(e));
  expect(cutResponse.map(brief)).toEqual(['POST /up 200 2500 ']);
  // ... or inside the request's body: no request size, and no response.
  const cutRequest: Exchange[] = [];
  await extractCaptures([tempCapture(whole.subarray(0, records[5]))], { fingerprintKey: 'k' }, (e) => cutRequest.push(e));
  expect(cutRequest.map(brief)).toEqual(['POST /up  0 ']);
});

test('a flow picked up mid-stream starts at the first complete message', async () => {
  const { ex } = await exchangesOf(
    [
      { from: 'server', data: 'tail of an earlier body\r\n' },
      { from: 'client', data: 'GET /next HTTP/1.1\r\nHost: x\r\n\r\n' },
      { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n' },
    ],
    { midStream: true },
  );
  expect(ex.map(brief)).toEqual(['GET /next 200 0 0']);
});

test('credentials become evidence, bodies become tags, deprecation headers are kept, nothing secret leaks', async () => {
  const secret = 'sk_live_abcdefghijklmnop';
  const { ex } = await exchangesOf([
    { from: 'client', data: `POST /v1/pay?api_key=${secret}&amount=3 HTTP/1.1\r\nHost: Pay.Example\r\nContent-Type: application/json\r\nContent-Length: 27\r\n\r\n{"email":"ann@example.com"}` },
    { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nDeprecation: @1735689600\r\nSunset: Wed, 31 Dec 2025 23:59:59 GMT\r\nContent-Length: 2\r\n\r\n{}' },
  ]);
  expect(ex).toHaveLength(1);
  const e = ex[0];
  expect(e.host).toBe('pay.example');
  expect(e.query).toEqual(['api_key', 'amount']);
  expect(e.auth?.map((a) => a.kind)).toEqual(['api-key:api_key']);
  expect(e.auth?.[0].fingerprint).toMatch(/^[0-9a-f]{16}$/);
  expect(e.sensitive).toEqual(['email']);
  expect(e.deprecation).toBe('@1735689600');
  expect(e.sunset).toBe('Wed, 31 Dec 2025 23:59:59 GMT');
  expect(e.src).toBe('10.0.0.1:40000');
  expect(e.dst).toBe('10.0.0.2:80');
  expect(e.source?.packet).toBe(4);
  expect(JSON.stringify(e)).not.toContain(secret);
  expect(JSON.stringify(e)).not.toContain('ann@example.com');
});

test('split header blocks draw on the shared buffer budget and give it back', async () => {
  const { CaptureEngine } = await import('../pcap/capture-engine');
  const { ClassicPcapParser } = await import('../pcap/classic-pcap');
  const big = `GET /big HTTP/1.1\r\nHost: x\r\nX-Pad: ${'p'.repeat(9000)}\r\n\r\n`;
  const pcap = conversationPcap([{ from: 'client', data: big }, { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n' }], { mss: 1000 });
  const out: Exchange[] = [];
  const engine = new CaptureEngine('t', { fingerprintKey: 'k' }, (e) => out.push(e));
  const budget = (engine as unknown as { http: { buffers: BufferBudget } }).http.buffers;
  new ClassicPcapParser().parse(pcap, engine);
  engine.finish();
  expect(out.map(brief)).toEqual(['GET /big 200 0 0']);
  expect(budget.inUse).toBe(0);
});

/**
 * Header-only captures (`tcpdump -s 200`, a mirror session's packet length): every head is cut. Its complete
 * lines are reported (method, target, Host, status), the body is unknown (no size), and credentials are
 * reported when seen, never as "none" (the rest of the head was not captured).
 */
test('heads cut by a snapshot length still give method, target, host and status; unknown is left out', async () => {
  const pad = 'X-Padding: '.padEnd(300, 'p');
  const turns: Turn[] = [
    { from: 'client', data: `GET /users/1?fields=name HTTP/1.1\r\nHost: api.test\r\n${pad}\r\nAuthorization: Bearer late-token\r\n\r\n` },
    { from: 'server', data: `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n${pad}\r\nContent-Length: 2\r\n\r\n{}` },
    { from: 'client', data: `POST /orders HTTP/1.1\r\nHost: api.test\r\nAuthorization: Bearer early-token\r\n${pad}\r\nContent-Length: 4\r\n\r\nbody` },
    { from: 'server', data: `HTTP/1.1 201 Created\r\n${pad}\r\nContent-Length: 0\r\n\r\n` },
    { from: 'client', data: `DELETE /orders/9 HTTP/1.1\r\nHost: api.test\r\n${pad}\r\n\r\n` },
    { from: 'server', data: `HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\r\n${pad}\r\nContent-Length: 0\r\n\r\n` },
  ];
  const ex: Exchange[] = [];
  const report = await extractCaptures([tempCapture(withSnaplen(conversationPcap(turns), 54 + 120))], { fingerprintKey: 'k' }, (e) => ex.push(e));
  for (const e of ex) expect(exchangeSchema.safeParse(e).error).toBeUndefined();
  expect(ex.map((e) => [e.method, e.host, e.path, e.query, e.status, e.responseBytes, e.auth?.[0].kind])).toEqual([
    ['GET', 'api.test', '/users/1', ['fields'], 200, undefined, undefined],
    ['POST', 'api.test', '/orders', undefined, 201, undefined, 'bearer-opaque'],
    ['DELETE', 'api.test', '/orders/9', undefined, 404, undefined, undefined],
  ]);
  expect(ex[0].responseContentType).toBe('application/json');
  expect(report.stats.snaplenCut).toBeGreaterThan(0);
});

test('a response whose Content-Length is a list of one value (`2, 2`) is framed by it, not read until close', async () => {
  const { ex } = await exchangesOf([
    { from: 'client', data: 'GET /a HTTP/1.1\r\nHost: x\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok' },
    { from: 'client', data: 'GET /b HTTP/1.1\r\nHost: x\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nnop' },
  ]);
  expect(ex.map(brief)).toEqual(['GET /a 200 0 2', 'GET /b 404 0 3']);
});

test('bytes a 304 must not have (on a keep-alive connection) are skipped: the next response keeps its status', async () => {
  const get = (p: string) => ({ from: 'client' as const, data: `GET ${p} HTTP/1.1\r\nHost: x\r\n\r\n` });
  const ok = (s: number) => ({ from: 'server' as const, data: `HTTP/1.1 ${s} X\r\nContent-Length: 2\r\n\r\nok` });
  const notModified = (stray: string) => ({ from: 'server' as const, data: `HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n${stray}` });
  // tshark gives /b and /g their status and loses /e's and /i's (it reads the stray bytes with the next segment).
  const { ex, stats } = await exchangesOf([
    get('/a'), notModified('hello'), get('/b'), ok(201),
    get('/d'), notModified('{"x":1}'), get('/e'), ok(203),
    get('/f'), notModified('Not modified\r\n'), get('/g'), ok(200),
    get('/h'), notModified('Stale'), get('/i'), ok(205),
  ]);
  expect(ex.map(brief)).toEqual(['GET /a 304 0 0', 'GET /b 201 0 2', 'GET /d 304 0 0', 'GET /e 203 0 2', 'GET /f 304 0 0', 'GET /g 200 0 2', 'GET /h 304 0 0', 'GET /i 205 0 2']);
  expect(stats).toMatchObject({ malformed: 4, unpairedResponses: 0 });
});

test('bytes a bodiless response must not have do not take the status of a request already sent after it', async () => {
  // A 204 with a chunked terminator (`0` CRLF CRLF) behind it: a pipelining client, and a keep-alive client that
  // sent its next request on the 204's head before the stray bytes came. The next request lost its status to
  // them, and its response was counted unpaired.
  const pipelined = await exchangesOf([
    { from: 'client', data: 'DELETE /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok' },
  ]);
  expect(pipelined.ex.map(brief)).toEqual(['DELETE /a 204 0 0', 'GET /b 200 0 2']);
  expect(pipelined.stats).toMatchObject({ malformed: 1, unpairedResponses: 0 });
  const keepAlive = await exchangesOf([
    { from: 'client', data: 'HEAD /c HTTP/1.1\r\nHost: x\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n' },
    { from: 'client', data: 'GET /d HTTP/1.1\r\nHost: x\r\n\r\n' },
    { from: 'server', data: 'body' },
    { from: 'server', data: 'HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n' },
  ]);
  expect(keepAlive.ex.map(brief)).toEqual(['HEAD /c 200 0 0', 'GET /d 201 0 0']);
  expect(keepAlive.stats).toMatchObject({ malformed: 1, unpairedResponses: 0 });
});

test('the body a bodiless response must not have, sent anyway with the next response behind it, is skipped by its Content-Length', async () => {
  // Pipelined: the stray bytes and the next response share a segment, with no line end between them; the next
  // response was skipped with the stray bytes (tshark, framing the body by Content-Length, keeps it).
  const { ex, stats } = await exchangesOf([
    { from: 'client', data: ['GET /a', 'HEAD /b', 'GET /c'].map((l) => `${l} HTTP/1.1\r\nHost: x\r\n\r\n`).join('') },
    { from: 'server', data: 'HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\nhelloHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcHTTP/1.1 201 OK\r\nContent-Length: 2\r\n\r\nok' },
  ]);
  expect(ex.map(brief)).toEqual(['GET /a 304 0 0', 'HEAD /b 200 0 0', 'GET /c 201 0 2']);
  expect(stats).toMatchObject({ malformed: 2, unpairedResponses: 0 });
});

test('a response head that does not parse answers the oldest request: the next response keeps its own request', async () => {
  // Keep-alive: a `0200` status, and a response line in lower case.
  const get = (p: string) => ({ from: 'client' as const, data: `GET ${p} HTTP/1.1\r\nHost: x\r\n\r\n` });
  const ok = (s: number) => ({ from: 'server' as const, data: `HTTP/1.1 ${s} X\r\nContent-Length: 2\r\n\r\nok` });
  const keepAlive = await exchangesOf([
    get('/a'), { from: 'server', data: 'http/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok' }, get('/b'), ok(201), get('/c'), ok(202),
    get('/d'), { from: 'server', data: 'HTTP/1.1 0200 X\r\nContent-Length: 2\r\n\r\nok' }, get('/e'), ok(203),
  ]);
  expect(keepAlive.ex.map(brief)).toEqual(['GET /a  0 ', 'GET /b 201 0 2', 'GET /c 202 0 2', 'GET /d  0 ', 'GET /e 203 0 2']);
  // Pipelined: all requests before any response, each response in its own segment.
  const pipelined = await exchangesOf([
    { from: 'client', data: ['/1', '/2', '/3'].map((p) => `GET ${p} HTTP/1.1\r\nHost: x\r\n\r\n`).join('') },
    { from: 'server', data: 'HTTP/1.1 2OO X\r\nContent-Length: 2\r\n\r\nok' }, ok(404), ok(500),
  ]);
  expect(pipelined.ex.map(brief)).toEqual(['GET /1  0 ', 'GET /2 404 0 2', 'GET /3 500 0 2']);
});

test('an h2c connection the session gives up on (a HEADERS frame whose padding overruns it) is counted as malformed', async () => {
  const settings = h2Frame(4, 0, 0, Buffer.alloc(0));
  const block = Buffer.from([0x82, 0x86, 0x84]); // :method GET, :scheme http, :path /
  // PADDED | END_HEADERS | END_STREAM with a pad length of 200 in a 4-byte payload (RFC 9113 §6.2: PROTOCOL_ERROR).
  const bad = h2Frame(1, 0x08 | 0x04 | 0x01, 1, Buffer.concat([Buffer.from([200]), block]));
  const { ex, stats } = await exchangesOf([
    { from: 'client', data: Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), settings, bad, h2Frame(1, 0x05, 3, block)]) },
    { from: 'server', data: Buffer.concat([settings, h2Frame(1, 0x05, 3, Buffer.from([0x88]))]) },
  ]);
  expect(ex).toEqual([]);
  expect(stats).toMatchObject({ h2c: 1, malformed: 1 });
});

test('a Host header or :authority with userinfo gives the host and basic evidence, never the password', async () => {
  const h1 = await exchangesOf([
    { from: 'client', data: 'GET /a HTTP/1.1\r\nHost: alice:Hunter2-pw@API.test:8080\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n' },
  ]);
  const hpack = hpackCompressor();
  hpack.write([[':method', 'GET'], [':scheme', 'http'], [':authority', 'bob:S3cret-pw@h2.test'], [':path', '/b']].map(([name, value]) => ({ name, value })));
  const h2 = await exchangesOf([
    { from: 'client', data: Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), h2Frame(4, 0, 0, Buffer.alloc(0)), h2Frame(1, 0x05, 1, hpack.read())]) },
    { from: 'server', data: Buffer.concat([h2Frame(4, 0, 0, Buffer.alloc(0)), h2Frame(1, 0x05, 1, Buffer.from([0x88]))]) },
  ]);
  const records = [...h1.ex, ...h2.ex];
  expect(records.map((e) => [e.host, e.path, e.status, e.auth])).toEqual([
    ['api.test:8080', '/a', 200, [{ kind: 'basic', fingerprint: fingerprintCredential(Buffer.from('alice:Hunter2-pw').toString('base64'), 'k') }]],
    ['h2.test', '/b', 200, [{ kind: 'basic', fingerprint: fingerprintCredential(Buffer.from('bob:S3cret-pw').toString('base64'), 'k') }]],
  ]);
  expect(JSON.stringify(records)).not.toMatch(/hunter2|s3cret/i);
});

test('a form body in a capture is scanned with its fields decoded', async () => {
  // Before: `email=ann%40example.com&card=4242+4242+4242+4242` was scanned as sent and got no tag.
  const body = 'email=ann%40example.com&card=4242+4242+4242+4242';
  const { ex } = await exchangesOf([
    { from: 'client', data: `POST /signup HTTP/1.1\r\nHost: shop.example\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body}` },
    { from: 'server', data: 'HTTP/1.1 204 No Content\r\n\r\n' },
  ]);
  expect(ex.map((e) => e.sensitive)).toEqual([['email', 'card-number']]);
});

test('a multipart form in a capture is scanned field by field, its files left out', async () => {
  // Before: multipart bodies were not sampled at all.
  const body = ['--XyZ', 'Content-Disposition: form-data; name="card"', '', '4242 4242 4242 4242', '--XyZ', 'Content-Disposition: form-data; name="doc"; filename="id.txt"', '', 'ann@example.com', '--XyZ--', ''].join('\r\n');
  const { ex } = await exchangesOf([
    { from: 'client', data: `POST /upload HTTP/1.1\r\nHost: shop.example\r\nContent-Type: multipart/form-data; boundary="XyZ"\r\nContent-Length: ${body.length}\r\n\r\n${body}` },
    { from: 'server', data: 'HTTP/1.1 204 No Content\r\n\r\n' },
  ]);
  expect(ex.map((e) => e.sensitive)).toEqual([['card-number']]);
});

test('a request body still arriving when its response ended (an upload answered early with 413) has no size', async () => {
  // The record went out with the body bytes seen before the answer, as if they were the whole body.
  const { ex } = await exchangesOf([
    { from: 'client', data: `POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n${'x'.repeat(3000)}` },
    { from: 'server', data: 'HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n' },
    { from: 'client', data: 'x'.repeat(1000) },
  ]);
  expect(ex.map((e) => [e.method, e.path, e.status, e.requestBytes])).toEqual([['POST', '/up', 413, undefined]]);
});
