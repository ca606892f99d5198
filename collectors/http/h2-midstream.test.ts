import { beforeAll, expect, test } from 'vitest';
import type { Exchange } from '../../lib/exchange';
import { h2Frame as frame, hpackCompressor, type HpackCompressor } from '../../test/gen/h2/frames';
import { frameOfRequest, recordH2c, statusFor, type H2cRecording, type PlannedRequest, type TruthRow } from '../../test/gen/h2/record-h2c';
import { noise } from '../../test/gen/noise';
import { conversationPcap, tempCapture, type Turn } from '../../test/gen/pcap/conversation';
import { extractCaptures } from '../pcap/extract-captures';
import { BodyBudget } from './body-budget';
import { BufferBudget } from './buffer-budget';
import { H2MidStreamProbe } from './h2-midstream';
import { H2_PREFACE } from './h2-session';
import { HttpConnection, type HttpContext, type HttpCounters } from './http-connection';

/** 60 requests: static-table methods (GET, POST) and others (PUT, DELETE, PATCH), four authorities, bodies. */
function plannedTraffic(): PlannedRequest[] {
  const hosts = ['api.shop.internal', 'billing.internal:8443', 'users.internal'];
  return Array.from({ length: 60 }, (_, i): PlannedRequest => {
    if (i % 10 === 3) return { method: 'GET', path: '/catalog/featured', authority: hosts[0] };
    if (i % 7 === 5) return { method: 'POST', path: `/orders/${1000 + i}/new`, authority: hosts[1], body: 200 + i * 40 };
    if (i % 11 === 4) return { method: 'DELETE', path: `/carts/${i}/missing`, authority: hosts[0] };
    if (i % 13 === 6) return { method: 'PUT', path: `/pots/${i}/teapot`, authority: hosts[2], body: 30 };
    if (i === 37 || i === 51) return { method: 'PATCH', path: `/users/${i}/flags`, authority: hosts[2], body: 12 };
    if (i % 17 === 8) return { method: 'GET', path: `/health/busy/${i}`, authority: hosts[2] };
    return { method: 'GET', path: `/users/${i}/profile?view=full&page=${i}`, authority: i >= 40 && i % 3 === 0 ? 'reports.internal' : hosts[i % 3] };
  });
}

let rec: H2cRecording;
beforeAll(async () => {
  rec = await recordH2c(plannedTraffic(), statusFor);
});

const frameOf = (fromClient: boolean, type: number, i: number) => frameOfRequest(rec, fromClient, type, i);

/** The recording without the first `cut.client` / `cut.server` bytes of each direction (a capture started late). */
function cutStart(cut: { client: number; server: number }): { fromClient: boolean; data: Buffer }[] {
  const left = { client: cut.client, server: cut.server };
  const out: { fromClient: boolean; data: Buffer }[] = [];
  for (const c of rec.chunks) {
    const side = c.fromClient ? 'client' : 'server';
    const skip = Math.min(left[side], c.data.length);
    left[side] -= skip;
    if (skip < c.data.length) out.push({ fromClient: c.fromClient, data: c.data.subarray(skip) });
  }
  return out;
}

function context(out: Exchange[]): HttpContext {
  return {
    sourceOf: (packet) => ({ file: 'loopback', packet }),
    fingerprintKey: 'k',
    emit: (e) => out.push(e),
    counters: { unpairedResponses: 0, malformed: 0, tls: 0, h2c: 0 },
    bodies: new BodyBudget('all'),
    buffers: new BufferBudget(),
  };
}

/**
 * Feeds chunks through HttpConnection as the TCP reassembler does for a flow without SYN: each direction
 * starts with a hole of unknown size. `clientDir` says which TCP direction the client's bytes travel in.
 */
function replay(chunks: { fromClient: boolean; data: Buffer }[], clientDir: 0 | 1 = 0): { out: Exchange[]; counters: HttpCounters; inUse: number } {
  const out: Exchange[] = [];
  const ctx = context(out);
  const addr: [string, string] = clientDir === 0 ? ['10.0.0.1:40000', '10.0.0.2:80'] : ['10.0.0.2:80', '10.0.0.1:40000'];
  const conn = new HttpConnection({ addr }, ctx);
  const started = [false, false];
  let ts = 1000;
  for (const c of chunks) {
    const dir = c.fromClient ? clientDir : ((clientDir ^ 1) as 0 | 1);
    if (!started[dir]) conn.gap(dir, -1);
    started[dir] = true;
    conn.data(dir, c.data, 0, c.data.length, ts++, ts);
  }
  conn.close();
  return { out, counters: ctx.counters, inUse: ctx.buffers.inUse };
}

const show = (e: Exchange) => `${e.method} ${e.path} ${e.host ?? '-'} ${e.status ?? '-'}`;
const sorted = (rows: string[]) => [...rows].sort();

/**
 * What a decoder that lost its HPACK history at the cut can know about request `t` (nghttp2 indexes
 * :method, :authority and :status on first use and never :path): static-table values (GET, POST; 200,
 * 404), and values first sent after the cut; the rest is absent, never guessed. A request whose method
 * is not knowable is dropped.
 */
function knowable(t: TruthRow, cutAt: number): string | undefined {
  const firstAfter = (key: (u: TruthRow) => string) => !rec.truth.some((u) => u.i <= cutAt && key(u) === key(t));
  if (t.method !== 'GET' && t.method !== 'POST' && !firstAfter((u) => u.method)) return undefined;
  const host = firstAfter((u) => u.authority) ? t.authority : '-';
  const status = t.status === 200 || t.status === 404 || firstAfter((u) => String(u.status)) ? t.status : '-';
  return `${t.method} ${t.path.split('?')[0]} ${host} ${status}`;
}

/** Cut inside request `i`'s HEADERS frame and inside the response body two requests earlier. */
function cutAround(i: number, into = 7): { client: number; server: number } {
  return { client: frameOf(true, 1, i).start + into, server: frameOf(false, 0, i - 2).start + 30 };
}

test('the recording is what the tests assume: 60 requests, Node sends each HEADERS frame whole', () => {
  expect(rec.truth.map((t) => t.i)).toEqual([...Array(60).keys()]);
  expect(rec.truth.filter((t) => t.method === 'PATCH').map((t) => t.i)).toEqual([51]);
  expect(rec.truth.filter((t) => t.authority === 'reports.internal').map((t) => t.i)).toEqual([57]);
});

test('h2c first seen mid-stream: the requests after the cut come back exact, none invented, client and server told apart', () => {
  const expected = rec.truth.filter((t) => t.i > 20).flatMap((t) => knowable(t, 20) ?? []);
  // Of the 39 requests after the cut: every GET and POST (static table), and PATCH 51 (first sent after the cut).
  expect(expected).toHaveLength(33);
  expect(expected).toContain('PATCH /users/51/flags - 200');
  expect(expected).toContain('GET /users/57/profile reports.internal 200');
  for (const clientDir of [0, 1] as const) {
    const { out, counters, inUse } = replay(cutStart(cutAround(20)), clientDir);
    expect(sorted(out.map(show))).toEqual(sorted(expected));
    expect(new Set(out.map((e) => `${e.src} ${e.dst} ${e.transport}`))).toEqual(new Set(['10.0.0.1:40000 10.0.0.2:80 h2c']));
    expect(counters).toMatchObject({ h2c: 1, h2MidStream: 1, unpairedResponses: 0 });
    // Where the capture began is not a resync; the PUT and DELETE requests referring to forgotten entries are dropped.
    expect(counters.h2Resyncs).toBeUndefined();
    expect(counters.h2HeaderBlocksDropped).toBe(6);
    expect(inUse).toBe(0);
  }
});

test('wherever the capture starts, nothing is invented and the static-table requests after it come back', () => {
  for (const i of [3, 12, 20, 33, 41, 52]) {
    for (const into of [1, 5, 9, 14]) {
      const { out, counters } = replay(cutStart(cutAround(i, into)));
      const expected = rec.truth.filter((t) => t.i > i).flatMap((t) => knowable(t, i) ?? []);
      expect(sorted(out.map(show)), `cut in request ${i} + ${into}`).toEqual(sorted(expected));
      const staticAfter = rec.truth.filter((t) => t.i > i && (t.method === 'GET' || t.method === 'POST'));
      expect(out.filter((e) => e.method === 'GET' || e.method === 'POST')).toHaveLength(staticAfter.length);
      expect(counters.h2MidStream).toBe(1);
    }
  }
});

test('end to end: a capture without the handshake, started mid-connection, through extractCaptures', async () => {
  const turns: Turn[] = cutStart(cutAround(20)).map((c) => ({ from: c.fromClient ? 'client' : 'server', data: c.data }));
  const out: Exchange[] = [];
  const report = await extractCaptures([tempCapture(conversationPcap(turns, { mss: 1448, midStream: true, serverPort: 50051 }))], { fingerprintKey: 'k' }, (e) => out.push(e));
  expect(sorted(out.map(show))).toEqual(sorted(rec.truth.filter((t) => t.i > 20).flatMap((t) => knowable(t, 20) ?? [])));
  expect(out.every((e) => e.src === '10.0.0.1:40000' && e.dst === '10.0.0.2:50051')).toBe(true);
  expect(report.stats).toMatchObject({ h2c: 1, h2MidStream: 1, h2Resyncs: 0, flows: 1 });
});

test('tcpdump rotation: the second file starts mid-connection; together the two files give back every knowable request', async () => {
  // Rotated at the packet that carries request 30's HEADERS: file 1 has the handshake, file 2 starts mid-stream.
  const at = rec.chunks.findIndex((c, k) => c.fromClient && Buffer.concat(rec.chunks.slice(0, k + 1).filter((x) => x.fromClient).map((x) => x.data)).length > frameOf(true, 1, 30).start);
  const turns = (chunks: typeof rec.chunks): Turn[] => chunks.map((c) => ({ from: c.fromClient ? 'client' : 'server', data: c.data }));
  const files = [tempCapture(conversationPcap(turns(rec.chunks.slice(0, at))), 'a.pcap'), tempCapture(conversationPcap(turns(rec.chunks.slice(at)), { midStream: true }), 'b.pcap')];
  const out: Exchange[] = [];
  await extractCaptures(files, { fingerprintKey: 'k' }, (e) => out.push(e));
  const before = rec.truth.filter((t) => t.i < 30).map((t) => `${t.method} ${t.path.split('?')[0]} ${t.authority} ${t.status}`);
  const after = rec.truth.filter((t) => t.i >= 30).flatMap((t) => knowable(t, 29) ?? []);
  expect(after).toHaveLength(24);
  expect(sorted(out.map(show))).toEqual(sorted([...before, ...after]));
});

/** Both directions' bytes interleaved in 1448-byte segments, each direction starting with a hole (no SYN). */
function replayBytes(a: Buffer, b: Buffer): { out: Exchange[]; counters: HttpCounters; heldBeforeClose: number; inUse: number } {
  const out: Exchange[] = [];
  const ctx = context(out);
  const conn = new HttpConnection({ addr: ['10.0.0.1:40000', '10.0.0.2:9092'] }, ctx);
  conn.gap(0, -1);
  conn.gap(1, -1);
  // One buffer per segment, as packets arrive (HTTP/1 resync searches to the end of the buffer it is given).
  const segment = (x: Buffer, o: number) => Buffer.from(x.subarray(o, o + 1448));
  for (let o = 0; o < Math.max(a.length, b.length); o += 1448) {
    if (o < a.length) conn.data(0, segment(a, o), 0, Math.min(1448, a.length - o), 1, 1);
    if (o < b.length) conn.data(1, segment(b, o), 0, Math.min(1448, b.length - o), 2, 2);
  }
  const heldBeforeClose = ctx.buffers.inUse;
  conn.close();
  return { out, counters: ctx.counters, heldBeforeClose, inUse: ctx.buffers.inUse };
}

test('mid-stream HTTP/1 keep-alive stays HTTP/1, with binary body tails full of zero bytes first', async () => {
  const zeros = (n: number, seed: number) => Buffer.from(noise(n, seed).map((v, i) => (i % 3 === 0 ? 0 : v % 64)));
  const turns: Turn[] = [
    { from: 'client', data: zeros(700, 7) },
    { from: 'server', data: zeros(2000, 8) },
    { from: 'client', data: 'GET /a HTTP/1.1\r\nHost: x\r\n\r\n' },
    { from: 'server', data: Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n'), Buffer.from([0, 0, 0, 1, 4, 0, 0, 0, 0])]) },
    { from: 'client', data: Buffer.concat([Buffer.from('POST /b HTTP/1.1\r\nHost: x\r\nContent-Type: application/grpc\r\nContent-Length: 12\r\n\r\n'), Buffer.from([0, 0, 0, 0, 7, 8, 1, 0, 0, 0, 0, 1])]) },
    { from: 'server', data: 'HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n' },
    { from: 'client', data: 'GET /c HTTP/1.1\r\nHost: x\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n' },
  ];
  const out: Exchange[] = [];
  const report = await extractCaptures([tempCapture(conversationPcap(turns, { mss: 500, midStream: true }))], { fingerprintKey: 'k' }, (e) => out.push(e));
  // What HTTP/1 resynchronisation makes of it: every message after the binary tails starts a segment, which
  // counts as a line start after a hole (mid-segment, bytes without a line break before a start line would not).
  expect(out.map((e) => `${e.transport} ${show(e)} ${e.src}`)).toEqual([
    'http/1.1 GET /a x 200 10.0.0.1:40000',
    'http/1.1 POST /b x 201 10.0.0.1:40000',
    'http/1.1 GET /c x 404 10.0.0.1:40000',
  ]);
  expect(report.stats).toMatchObject({ h2c: 0, h2MidStream: 0, unpairedResponses: 0 });
});

test('mid-stream TLS application data: nothing emitted, not taken for h2c', async () => {
  const record = (n: number, seed: number) => Buffer.concat([Buffer.from([0x17, 0x03, 0x03, n >> 8, n & 0xff]), noise(n, seed)]);
  const turns: Turn[] = [];
  for (let i = 0; i < 40; i++) {
    turns.push({ from: 'client', data: i === 0 ? record(900, 1).subarray(333) : record(200 + i * 13, i + 2) });
    turns.push({ from: 'server', data: i === 0 ? record(16000, 99).subarray(5000) : record(1000 + i * 311, i + 100) });
  }
  const out: Exchange[] = [];
  const report = await extractCaptures([tempCapture(conversationPcap(turns, { midStream: true, serverPort: 443 }))], { fingerprintKey: 'k' }, (e) => out.push(e));
  expect(out).toEqual([]);
  expect(report.stats).toMatchObject({ h2c: 0, h2MidStream: 0, tls: 0 });
});

test('binary that starts with zero bytes: nothing emitted, given up within bounded bytes', () => {
  const size = 4 << 20;
  // Messages behind a 3-byte length (like a frame header), zeros, noise, and real h2 control frames without any header block.
  const prefixed: Buffer[] = [];
  for (let i = 0, n = 0; n < size; i++) {
    const body = noise(20 + (i % 200), i + 1);
    prefixed.push(Buffer.from([0, 0, body.length, i % 10, 0, 0, 0, 0, i % 7]), body);
    n += body.length + 9;
  }
  const control: Buffer[] = [];
  for (let n = 0; n < size; n += 17 + 13) control.push(frame(6, 0, 0, Buffer.alloc(8, 1)), frame(8, 0, 3, Buffer.from([0, 0, 0x10, 0])));
  const cases = [Buffer.concat(prefixed), Buffer.alloc(size), Buffer.concat([Buffer.alloc(64), noise(size, 0x9e3779b9)]), Buffer.concat(control)];
  for (const bytes of cases) {
    const { out, counters, heldBeforeClose, inUse } = replayBytes(bytes, bytes.subarray(1000));
    expect(out).toEqual([]);
    expect(counters).toMatchObject({ h2c: 0 });
    expect(counters.h2MidStream).toBeUndefined();
    // The probe let go of everything it kept long before the end.
    expect(heldBeforeClose).toBe(0);
    expect(inUse).toBe(0);
  }
});

test('gRPC first seen mid-stream behind a server stream of full-size DATA frames: unary calls after the cut come back', () => {
  const client = hpackCompressor();
  const server = hpackCompressor();
  const block = (c: HpackCompressor, fields: [string, string][]) => {
    c.write(fields.map(([name, value]) => ({ name, value })));
    return c.read();
  };
  const call = (method: string) => [[':method', 'POST'], [':scheme', 'http'], [':path', `/shop.v1.Catalog/${method}`], [':authority', 'catalog:50051'], ['content-type', 'application/grpc'], ['te', 'trailers']] as [string, string][];
  const message = (n: number) => Buffer.concat([Buffer.from([0, 0, 0, 0, n]), Buffer.alloc(n, 0x2a)]);
  const c: Buffer[] = [];
  const s: Buffer[] = [];
  // Before the capture: a server-streaming call on stream 1 and unary calls that fill both HPACK tables.
  c.push(H2_PREFACE, frame(4, 0, 0, Buffer.alloc(0)), frame(1, 4, 1, block(client, call('Watch'))), frame(0, 1, 1, message(3)));
  s.push(frame(4, 0, 0, Buffer.alloc(0)), frame(1, 4, 1, block(server, [[':status', '200'], ['content-type', 'application/grpc']])));
  for (let id = 3; id < 21; id += 2) {
    c.push(frame(1, 4, id, block(client, call('Get'))), frame(0, 1, id, message(9)));
    s.push(frame(1, 4, id, block(server, [[':status', '200'], ['content-type', 'application/grpc']])), frame(0, 0, id, message(20)), frame(1, 5, id, block(server, [['grpc-status', '0']])));
  }
  const cut = { client: Buffer.concat(c).length + 4, server: Buffer.concat(s).length + 6000 };
  // After the cut: stream 1 keeps sending 16 KiB frames; each unary call's answer comes between them.
  const calls = ['Get', 'List', 'Get', 'Price', 'Get', 'Stock'];
  for (const [k, name] of calls.entries()) {
    const id = 21 + 2 * k;
    c.push(frame(1, 4, id, block(client, call(name))), frame(0, 1, id, message(9)), frame(8, 0, 0, Buffer.from([0, 0, 0x40, 0])));
    s.push(frame(0, 0, 1, Buffer.alloc(16384, k)), frame(0, 0, 1, Buffer.alloc(16384, k + 1)));
    s.push(frame(1, 4, id, block(server, [[':status', '200'], ['content-type', 'application/grpc']])), frame(0, 0, id, message(20)), frame(1, 5, id, block(server, [['grpc-status', k === 3 ? '5' : '0']])));
  }
  const wire = { client: Buffer.concat(c).subarray(cut.client), server: Buffer.concat(s).subarray(cut.server) };
  // Interleaved as a call's request, then what the server sends until its answer.
  const chunks: { fromClient: boolean; data: Buffer }[] = [];
  const perCall = { client: wire.client.length / calls.length, server: wire.server.length / calls.length };
  for (let k = 0; k < calls.length; k++) {
    chunks.push({ fromClient: true, data: wire.client.subarray(Math.round(k * perCall.client), Math.round((k + 1) * perCall.client)) });
    for (let o = Math.round(k * perCall.server); o < Math.round((k + 1) * perCall.server); o += 1448) chunks.push({ fromClient: false, data: wire.server.subarray(o, Math.min(o + 1448, Math.round((k + 1) * perCall.server))) });
  }
  const { out, counters, inUse } = replay(chunks);
  expect(out.map((e) => `${show(e)} ${e.requestBytes}`)).toEqual(calls.slice(1).map((name) => `POST /shop.v1.Catalog/${name} - 200 14`));
  expect(counters).toMatchObject({ h2c: 1, h2MidStream: 1 });
  expect(inUse).toBe(0);
});

test('a PUSH_PROMISE tells the server apart before any response head: its block is a request the server made up', () => {
  // (Frames of pushed, even-numbered streams are not chain links: the scan leaves server push out.)
  const server = hpackCompressor();
  server.write([{ name: ':method', value: 'GET' }, { name: ':path', value: '/app.css' }, { name: ':authority', value: 'web.internal' }, { name: ':scheme', value: 'http' }]);
  const promised = Buffer.alloc(4);
  promised.writeUInt32BE(2);
  const bytes = Buffer.concat([Buffer.alloc(300, 7), frame(5, 4, 1, Buffer.concat([promised, server.read()])), frame(0, 0, 1, Buffer.alloc(500, 1)), frame(0, 0, 1, Buffer.alloc(200, 2))]);
  const probe = new H2MidStreamProbe(new BufferBudget());
  probe.watch(0);
  probe.watch(1);
  expect(probe.push(0, bytes, 0, 320, 1, 1)).toBe(-1);
  // Server bytes in direction 0: the client is direction 1.
  expect(probe.push(0, bytes, 320, bytes.length, 2, 2)).toBe(1);
});

test('the chain counts each frame header once, however its payload is split: no verdict on two headers', () => {
  const client = hpackCompressor();
  client.write([{ name: ':method', value: 'GET' }, { name: ':path', value: '/x' }]);
  const bytes = Buffer.concat([frame(1, 4, 1, client.read()), frame(0, 0, 1, Buffer.alloc(40, 3)), frame(0, 1, 1, Buffer.alloc(5, 4))]);
  const third = bytes.length - 14;
  const probe = new H2MidStreamProbe(new BufferBudget());
  probe.watch(0);
  for (let o = 0; o < third; o++) expect(probe.push(0, bytes, o, o + 1, o, o)).toBe(-1);
  expect(probe.push(0, bytes, third, bytes.length, 1, 1)).toBe(0);
});
