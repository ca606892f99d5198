import { expect, test } from 'vitest';
import type { Exchange } from '../../lib/exchange';
import { h2Frame as frame, hpackCompressor } from '../../test/gen/h2/frames';
import { conversationPcap, tempCapture, type Turn } from '../../test/gen/pcap/conversation';
import { withSnaplen } from '../../test/gen/pcap/snaplen';
import { extractCaptures } from '../pcap/extract-captures';
import { H2_PREFACE } from './h2-session';
import { parseClientHello } from './tls-client-hello';

async function run(turns: Turn[], serverPort = 80): Promise<Exchange[]> {
  const out: Exchange[] = [];
  await extractCaptures([tempCapture(conversationPcap(turns, { serverPort }))], { fingerprintKey: 'k' }, (e) => out.push(e));
  return out;
}

test('h2c with prior knowledge: method, :path, :authority and :status from HPACK, gRPC included', async () => {
  const client = hpackCompressor();
  const server = hpackCompressor();
  const req = (path: string) => {
    client.write([
      { name: ':method', value: 'POST' },
      { name: ':scheme', value: 'http' },
      { name: ':authority', value: 'grpc.internal:50051' },
      { name: ':path', value: path },
      { name: 'content-type', value: 'application/grpc' },
      { name: 'authorization', value: 'Bearer opaque-token-123' },
    ]);
    return client.read();
  };
  const res = () => {
    server.write([{ name: ':status', value: '200' }, { name: 'content-type', value: 'application/grpc' }]);
    return server.read();
  };
  const out = await run(
    [
      { from: 'client', data: Buffer.concat([H2_PREFACE, frame(4, 0, 0, Buffer.alloc(0)), frame(1, 0x4, 1, req('/shop.Orders/Get')), frame(0, 0x1, 1, Buffer.from('\0\0\0\0\x02hi'))]) },
      { from: 'server', data: Buffer.concat([frame(4, 0, 0, Buffer.alloc(0)), frame(1, 0x4, 1, res()), frame(0, 0x1, 1, Buffer.from('\0\0\0\0\x01x'))]) },
      { from: 'client', data: frame(1, 0x5, 3, req('/shop.Orders/List')) },
      { from: 'server', data: frame(1, 0x5, 3, res()) },
    ],
    50051,
  );
  expect(out.map((e) => [e.transport, e.method, e.host, e.path, e.status, e.requestBytes, e.auth?.[0].kind])).toEqual([
    ['h2c', 'POST', 'grpc.internal:50051', '/shop.Orders/Get', 200, 7, 'bearer-opaque'],
    ['h2c', 'POST', 'grpc.internal:50051', '/shop.Orders/List', 200, undefined, 'bearer-opaque'],
  ]);
});

test('h2c via Upgrade: the HTTP/1.1 request is answered on stream 1 (RFC 9113 §3.2), later streams are read as HTTP/2', async () => {
  const upgrade = (answerStream1: boolean) => {
    const client = hpackCompressor();
    const server = hpackCompressor();
    client.write([{ name: ':method', value: 'GET' }, { name: ':scheme', value: 'http' }, { name: ':authority', value: 'api.x' }, { name: ':path', value: '/second' }]);
    const stream1: Buffer[] = [];
    if (answerStream1) {
      server.write([{ name: ':status', value: '404' }, { name: 'content-type', value: 'application/json' }]);
      stream1.push(frame(1, 0x4, 1, server.read()), frame(0, 0x1, 1, Buffer.from('{"error":"nope"}')));
    }
    server.write([{ name: ':status', value: '200' }]);
    const stream3 = frame(1, 0x5, 3, server.read());
    return run([
      { from: 'client', data: 'GET /first HTTP/1.1\r\nHost: api.x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n' },
      { from: 'server', data: 'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n' },
      { from: 'server', data: Buffer.concat([frame(4, 0, 0, Buffer.alloc(0)), ...stream1]) },
      { from: 'client', data: Buffer.concat([H2_PREFACE, frame(4, 0, 0, Buffer.alloc(0)), frame(1, 0x5, 3, client.read())]) },
      { from: 'server', data: stream3 },
    ]);
  };
  const answered = await upgrade(true);
  expect(answered.map((e) => [e.transport, e.method, e.path, e.status, e.responseContentType, e.responseBytes])).toEqual([
    ['http/1.1', 'GET', '/first', 404, 'application/json', 16],
    ['h2c', 'GET', '/second', 200, undefined, 0],
  ]);
  expect(answered[0].latencyMs).toBeGreaterThan(0);
  // No HTTP/2 answer on stream 1 in the capture: the 101 is all that is known.
  const unanswered = await upgrade(false);
  expect(unanswered.map((e) => [e.transport, e.method, e.path, e.status])).toEqual([
    ['h2c', 'GET', '/second', 200],
    ['http/1.1', 'GET', '/first', 101],
  ]);
});

/** A TLS 1.3-style ClientHello with SNI and ALPN, split over two records like large post-quantum hellos. */
function clientHello(sni: string, alpn: string[]): Buffer {
  const name = Buffer.from(sni);
  const sniExt = Buffer.concat([u16(0), u16(name.length + 5), u16(name.length + 3), Buffer.from([0]), u16(name.length), name]);
  const protos = Buffer.concat(alpn.map((p) => Buffer.concat([Buffer.from([p.length]), Buffer.from(p)])));
  const alpnExt = Buffer.concat([u16(16), u16(protos.length + 2), u16(protos.length), protos]);
  const padding = Buffer.concat([u16(21), u16(1200), Buffer.alloc(1200)]);
  const exts = Buffer.concat([sniExt, alpnExt, padding]);
  const body = Buffer.concat([u16(0x0303), Buffer.alloc(32, 7), Buffer.from([0]), u16(2), u16(0x1301), Buffer.from([1, 0]), u16(exts.length), exts]);
  const hs = Buffer.concat([Buffer.from([1]), u24(body.length), body]);
  const cut = 700;
  return Buffer.concat([record(hs.subarray(0, cut)), record(hs.subarray(cut))]);
}
const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const u24 = (n: number) => Buffer.from([n >> 16, (n >> 8) & 0xff, n & 0xff]);
const record = (b: Buffer) => Buffer.concat([Buffer.from([0x16, 3, 1]), u16(b.length), b]);

test('TLS ClientHello split over records and segments yields SNI and ALPN', async () => {
  const hello = clientHello('API.Example.com', ['h2', 'http/1.1']);
  expect(parseClientHello(hello.subarray(0, 600))).toBe('need-more');
  expect(parseClientHello(hello)).toEqual({ sni: 'api.example.com', alpn: ['h2', 'http/1.1'] });
  const out = await run([{ from: 'client', data: hello }, { from: 'server', data: Buffer.from([0x16, 3, 3, 0, 1, 2]) }], 443);
  expect(out).toHaveLength(1);
  expect(out[0]).toMatchObject({ transport: 'tls', host: 'api.example.com', src: '10.0.0.1:40000', dst: '10.0.0.2:443', tls: { sni: 'api.example.com', alpn: ['h2', 'http/1.1'] } });
  expect(out[0].method).toBeUndefined();
});

test('an SNI sent fully qualified (`api.example.com.`) or as a U-label names the host the HTTP side names', async () => {
  expect(parseClientHello(clientHello('API.Example.com.', ['h2']))).toEqual({ sni: 'api.example.com', alpn: ['h2'] });
  expect(parseClientHello(clientHello('bücher.example', ['h2']))).toEqual({ sni: 'xn--bcher-kva.example', alpn: ['h2'] });
  const out = await run([{ from: 'client', data: clientHello('api.example.com.', ['http/1.1']) }, { from: 'server', data: Buffer.from([0x16, 3, 3, 0, 1, 2]) }], 443);
  expect(out.map((e) => [e.transport, e.host, e.tls])).toEqual([['tls', 'api.example.com', { sni: 'api.example.com', alpn: ['http/1.1'] }]]);
});

test('first bytes too few to tell the protocol (a preface or ClientHello written in pieces) wait for the next ones', async () => {
  const client = hpackCompressor();
  const server = hpackCompressor();
  client.write([{ name: ':method', value: 'GET' }, { name: ':scheme', value: 'http' }, { name: ':authority', value: 'api.x' }, { name: ':path', value: '/a' }]);
  const h2c = Buffer.concat([H2_PREFACE, frame(4, 0, 0, Buffer.alloc(0)), frame(1, 0x5, 1, client.read())]);
  server.write([{ name: ':status', value: '204' }]);
  const answer = Buffer.concat([frame(4, 0, 0, Buffer.alloc(0)), frame(1, 0x5, 1, server.read())]);
  for (const cuts of [[1], [2], [3], [1, 2], [1, 2, 3]]) {
    const pieces = [0, ...cuts, h2c.length].slice(1).map((to, i, all) => ({ from: 'client' as const, data: h2c.subarray(i === 0 ? 0 : all[i - 1], to) }));
    const out = await run([...pieces, { from: 'server', data: answer }]);
    expect(out.map((e) => [e.transport, e.method, e.host, e.path, e.status]), `cut at ${cuts}`).toEqual([['h2c', 'GET', 'api.x', '/a', 204]]);
  }
  const hello = clientHello('api.example.com', ['h2']);
  const tls = await run([{ from: 'client', data: hello.subarray(0, 1) }, { from: 'client', data: hello.subarray(1) }, { from: 'server', data: Buffer.from([0x16, 3, 3, 0, 1, 2]) }], 443);
  expect(tls.map((e) => [e.transport, e.host, e.source?.packet])).toEqual([['tls', 'api.example.com', 4]]);
  // HTTP/1 that starts like the preface is still HTTP/1, its request from its first packet; so are held bytes a hole or the end follows.
  const h1 = await run([
    { from: 'client', data: 'P' },
    { from: 'client', data: 'OST /b HTTP/1.1\r\nHost: api.x\r\nContent-Length: 0\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n' },
  ]);
  expect(h1.map((e) => [e.transport, e.method, e.path, e.status, e.source?.packet])).toEqual([['http/1.1', 'POST', '/b', 201, 4]]);
  expect(await run([{ from: 'client', data: 'PR' }])).toEqual([]);
});

test("a forward proxy's CONNECT tunnel: the CONNECT names the host, the ClientHello inside it the API (SNI, ALPN)", async () => {
  const out = await run(
    [
      { from: 'client', data: 'CONNECT api.stripe.com:443 HTTP/1.1\r\nHost: api.stripe.com:443\r\nProxy-Authorization: Basic dTpw\r\n\r\n' },
      { from: 'server', data: 'HTTP/1.1 200 Connection established\r\n\r\n' },
      { from: 'client', data: clientHello('api.stripe.com', ['h2']) },
      { from: 'server', data: Buffer.from([0x16, 3, 3, 0, 1, 2]) },
    ],
    3128,
  );
  expect(out.map((e) => [e.transport, e.method, e.host, e.path, e.status, e.tls?.sni])).toEqual([
    ['http/1.1', 'CONNECT', 'api.stripe.com', undefined, 200, undefined],
    ['tls', undefined, 'api.stripe.com', undefined, undefined, 'api.stripe.com'],
  ]);
  // A refused CONNECT opens no tunnel: what follows is HTTP again.
  const refused = await run(
    [
      { from: 'client', data: 'CONNECT db.internal:5432 HTTP/1.1\r\nHost: db.internal:5432\r\n\r\n' },
      { from: 'server', data: 'HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n' },
      { from: 'client', data: 'GET http://shop.test/a HTTP/1.1\r\nHost: shop.test\r\n\r\n' },
      { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n' },
    ],
    3128,
  );
  expect(refused.map((e) => [e.method, e.host, e.path, e.status])).toEqual([
    ['CONNECT', 'db.internal:5432', undefined, 403],
    ['GET', 'shop.test', '/a', 200],
  ]);
});

test('a ClientHello cut by a snapshot length still names the server when its SNI was captured', async () => {
  const hello = clientHello('api.example.com', ['h2']);
  // SNI and ALPN come first here; the cut falls in the padding extension.
  expect(parseClientHello(hello.subarray(0, 160), true)).toEqual({ sni: 'api.example.com', alpn: ['h2'] });
  expect(parseClientHello(hello.subarray(0, 80), true)).toEqual({ sni: 'api.example.com' });
  // Cut before the SNI is complete: nothing to say. Not cut: still waiting for the rest.
  expect(parseClientHello(hello.subarray(0, 70), true)).toBe('invalid');
  expect(parseClientHello(hello.subarray(0, 160))).toBe('need-more');
  const cut = withSnaplen(conversationPcap([{ from: 'client', data: hello }, { from: 'server', data: Buffer.from([0x16, 3, 3, 0, 1, 2]) }], { serverPort: 443 }), 54 + 160);
  const out: Exchange[] = [];
  await extractCaptures([tempCapture(cut)], { fingerprintKey: 'k' }, (e) => out.push(e));
  expect(out.map((e) => [e.transport, e.host, e.tls])).toEqual([['tls', 'api.example.com', { sni: 'api.example.com', alpn: ['h2'] }]]);
});

test('an h2c response that never ends (reset, or the capture stops) has no body size; a whole one has its size', async () => {
  const client = hpackCompressor();
  const server = hpackCompressor();
  const block = (c: typeof client, fields: Record<string, string>) => {
    c.write(Object.entries(fields).map(([name, value]) => ({ name, value })));
    return c.read();
  };
  const get = (path: string) => block(client, { ':method': 'GET', ':scheme': 'http', ':authority': 'api.internal', ':path': path });
  const ok = () => block(server, { ':status': '200' });
  const out = await run([
    { from: 'client', data: Buffer.concat([H2_PREFACE, frame(4, 0, 0, Buffer.alloc(0)), frame(1, 0x5, 1, get('/whole')), frame(1, 0x5, 3, get('/reset')), frame(1, 0x5, 5, get('/open'))]) },
    {
      from: 'server',
      data: Buffer.concat([
        frame(4, 0, 0, Buffer.alloc(0)),
        frame(1, 0x4, 1, ok()),
        frame(0, 0x1, 1, Buffer.from('12345')),
        frame(1, 0x4, 3, ok()),
        frame(0, 0, 3, Buffer.from('abc')),
        frame(3, 0, 3, Buffer.from([0, 0, 0, 8])), // RST_STREAM, CANCEL
        frame(1, 0x4, 5, ok()),
        frame(0, 0, 5, Buffer.from('partial')),
      ]),
    },
  ]);
  expect(out.map((e) => [e.path, e.status, e.responseBytes])).toEqual([
    ['/whole', 200, 5],
    ['/reset', 200, undefined],
    ['/open', 200, undefined],
  ]);
});

test("h2c via Upgrade: the server's first frames in the 101's own segment are read as HTTP/2 (stream 1's answer)", async () => {
  // A server that writes the 101 and its SETTINGS + stream 1 response at once (one segment, as Nagle or a
  // corked socket sends them): those bytes used to be dropped with the HTTP/1 parser, and the request kept the 101.
  const client = hpackCompressor();
  const server = hpackCompressor();
  const block = (c: typeof client, fields: Record<string, string>) => {
    c.write(Object.entries(fields).map(([name, value]) => ({ name, value })));
    return c.read();
  };
  const out = await run([
    { from: 'client', data: 'GET /first HTTP/1.1\r\nHost: api.x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n' },
    {
      from: 'server',
      data: Buffer.concat([
        Buffer.from('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n'),
        frame(4, 0, 0, Buffer.alloc(0)),
        frame(1, 0x4, 1, block(server, { ':status': '404', 'content-type': 'application/json' })),
        frame(0, 0x1, 1, Buffer.from('{"error":"nope"}')),
      ]),
    },
    { from: 'client', data: Buffer.concat([H2_PREFACE, frame(4, 0, 0, Buffer.alloc(0)), frame(1, 0x5, 3, block(client, { ':method': 'GET', ':scheme': 'http', ':authority': 'api.x', ':path': '/second' }))]) },
    { from: 'server', data: frame(1, 0x5, 3, block(server, { ':status': '200' })) },
  ]);
  expect(out.map((e) => [e.transport, e.method, e.path, e.status, e.responseContentType, e.responseBytes])).toEqual([
    ['http/1.1', 'GET', '/first', 404, 'application/json', 16],
    ['h2c', 'GET', '/second', 200, undefined, 0],
  ]);
});

test('an h2c request body the client never ended (answered early, reset) has no size; one ended by END_STREAM or trailers has its size', async () => {
  // A server that answers an upload before reading it (413, 401) ends the stream; the client's DATA stops short. Its
  // size used to be what came before the answer, as if that were the whole body (an HTTP/1 body cut short has none).
  const client = hpackCompressor();
  const server = hpackCompressor();
  const block = (c: typeof client, fields: Record<string, string>) => {
    c.write(Object.entries(fields).map(([name, value]) => ({ name, value })));
    return c.read();
  };
  const post = (path: string) => block(client, { ':method': 'POST', ':scheme': 'http', ':authority': 'up.internal', ':path': path });
  const out = await run([
    {
      from: 'client',
      data: Buffer.concat([
        H2_PREFACE, frame(4, 0, 0, Buffer.alloc(0)),
        frame(1, 0x4, 1, post('/early')), frame(0, 0, 1, Buffer.alloc(100, 1)),
        frame(1, 0x4, 3, post('/whole')), frame(0, 0, 3, Buffer.alloc(50, 2)), frame(0, 0x1, 3, Buffer.alloc(7, 2)),
        frame(1, 0x4, 5, post('/trailers')), frame(0, 0, 5, Buffer.alloc(9, 3)), frame(1, 0x5, 5, block(client, { 'x-checksum': 'abc' })),
      ]),
    },
    { from: 'server', data: Buffer.concat([frame(4, 0, 0, Buffer.alloc(0)), frame(1, 0x5, 1, block(server, { ':status': '413' })), frame(1, 0x5, 3, block(server, { ':status': '201' })), frame(1, 0x5, 5, block(server, { ':status': '202' }))]) },
    { from: 'client', data: Buffer.concat([frame(0, 0, 1, Buffer.alloc(100, 1)), frame(3, 0, 1, Buffer.from([0, 0, 0, 8]))]) },
  ]);
  expect(out.map((e) => [e.path, e.status, e.requestBytes])).toEqual([
    ['/early', 413, undefined],
    ['/whole', 201, 57],
    ['/trailers', 202, 9],
  ]);
});

test('1 500 h2c streams open at once on one connection all keep their status', async () => {
  // Node's http2 server allows thousands of concurrent streams by default: a load test's client had 2 000 in flight,
  // and all but the newest 1 000 went out without a status when the thousandth was opened (tshark shows all).
  const client = hpackCompressor();
  const server = hpackCompressor();
  const block = (c: typeof client, fields: Record<string, string>) => {
    c.write(Object.entries(fields).map(([name, value]) => ({ name, value })));
    return c.read();
  };
  const streams = Array.from({ length: 1500 }, (_, i) => 2 * i + 1);
  const out = await run([
    { from: 'client', data: Buffer.concat([H2_PREFACE, frame(4, 0, 0, Buffer.alloc(0)), ...streams.map((s) => frame(1, 0x5, s, block(client, { ':method': 'GET', ':scheme': 'http', ':authority': 'load.test', ':path': `/item/${s}` })))]) },
    { from: 'server', data: Buffer.concat([frame(4, 0, 0, Buffer.alloc(0)), ...streams.map((s) => frame(1, 0x5, s, block(server, { ':status': '200' })))]) },
  ]);
  expect(out).toHaveLength(1500);
  expect(out.filter((e) => e.status === 200)).toHaveLength(1500);
});

test('an h2c request whose HEADERS frame spans segments is dated, and numbered, by its first packet, as an HTTP/1 one is', async () => {
  // A large header block (a JWT, gRPC metadata) spans segments: the request was dated and numbered by the segment that
  // completed the frame, so its packet was not the one the record names and its latency was short by the frames' time.
  const client = hpackCompressor();
  const server = hpackCompressor();
  client.write([{ name: ':method', value: 'GET' }, { name: ':path', value: '/big' }, { name: ':authority', value: 'h2.test' }, { name: 'x-token', value: 't'.repeat(3000), huffman: false }]);
  const request = frame(1, 0x5, 1, client.read());
  server.write([{ name: ':status', value: '200' }]);
  const out = await run([
    { from: 'client', data: Buffer.concat([H2_PREFACE, frame(4, 0, 0, Buffer.alloc(0))]) },
    { from: 'server', data: frame(4, 0, 0, Buffer.alloc(0)) },
    { from: 'client', data: request },
    { from: 'server', data: frame(1, 0x5, 1, server.read()) },
  ]);
  // Packets 6–8 carry the request (1460-byte segments), 9 the answer; segments 100 µs apart, turns 1 ms apart.
  expect(request.length).toBeGreaterThan(2 * 1460);
  expect(out.map((e) => [e.path, e.status, e.source?.packet, e.latencyMs, e.ts])).toEqual([['/big', 200, 6, 1.3, '2023-11-14T22:13:20.002Z']]);
});

test('a ClientHello whose last segment the capture ended before (or a FIN or RST came after) names the server as a hole would', async () => {
  const hello = clientHello('api.example.com', ['h2']);
  const first = hello.subarray(0, 500);
  // SNI and ALPN are in the first 500 bytes: with a hole after them the record was made; at the capture's end it was not.
  const withHole = conversationPcap([{ from: 'client', data: hello }, { from: 'server', data: Buffer.from([0x16, 3, 3, 0, 1, 2]) }], { serverPort: 443, mss: 500, drop: new Set([1]) });
  const FIN_RECORDS = 2 * (16 + 54);
  const endsEarly = conversationPcap([{ from: 'client', data: first }], { serverPort: 443 });
  const closed = conversationPcap([{ from: 'client', data: first }], { serverPort: 443 });
  const reset = conversationPcap([{ from: 'client', data: first, reset: true }], { serverPort: 443 });
  const cases = { withHole, endsEarly: endsEarly.subarray(0, endsEarly.length - FIN_RECORDS), closed, reset };
  for (const [name, pcap] of Object.entries(cases)) {
    const out: Exchange[] = [];
    await extractCaptures([tempCapture(pcap)], { fingerprintKey: 'k' }, (e) => out.push(e));
    expect(out.map((e) => [e.transport, e.host, e.tls]), name).toEqual([['tls', 'api.example.com', { sni: 'api.example.com', alpn: ['h2'] }]]);
  }
});
