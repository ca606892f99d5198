import { expect, test, vi } from 'vitest';
import { h2Frame as frame, hpackCompressor, type HpackCompressor } from '../../test/gen/h2/frames';
import { BufferBudget } from './buffer-budget';
import { H2_PREFACE, H2Session, type H2Events } from './h2-session';

test('PUSH_PROMISE header blocks go through HPACK: later responses that refer to what they indexed decode exactly', () => {
  const client = hpackCompressor();
  const server = hpackCompressor();
  const block = (c: HpackCompressor, fields: [string, string][]) => {
    c.write(fields.map(([name, value]) => ({ name, value })));
    return c.read();
  };
  const seen: string[] = [];
  const show = (kind: string, stream: number, headers: [string, string][]) => seen.push(`${kind} ${stream} ${headers.map(([n, v]) => `${n}=${v}`).join(' ')}`);
  const events: H2Events = {
    onRequestHeaders: (stream, headers) => show('req', stream, headers),
    onResponseHeaders: (stream, headers) => show('res', stream, headers),
    onData: () => {},
    onDataLost: () => {},
    onReset: () => {},
  };
  const session = new H2Session(0, events, new BufferBudget());
  const request = block(client, [[':method', 'GET'], [':path', '/'], [':authority', 'a.internal']]);
  const clientWire = Buffer.concat([H2_PREFACE, frame(4, 0, 0, Buffer.alloc(0)), frame(1, 5, 1, request)]);
  session.push(0, clientWire, 0, clientWire.length, 1, 1);
  const promised = Buffer.alloc(4);
  promised.writeUInt32BE(2);
  const promise = block(server, [[':method', 'GET'], [':path', '/style.css'], [':authority', 'a.internal'], ['x-pushed-by', 'edge-7']]);
  const response = block(server, [[':status', '200'], ['x-pushed-by', 'edge-7'], [':authority', 'a.internal']]);
  const serverWire = Buffer.concat([frame(4, 0, 0, Buffer.alloc(0)), frame(5, 4, 1, Buffer.concat([promised, promise])), frame(1, 5, 1, response)]);
  expect(response[1] & 0x80).toBe(0x80); // x-pushed-by is an index into what the PUSH_PROMISE inserted
  session.push(1, serverWire, 0, serverWire.length, 2, 2);
  expect(seen).toEqual(['req 1 :method=GET :path=/ :authority=a.internal', 'res 1 :status=200 x-pushed-by=edge-7 :authority=a.internal']);
  expect(session.broken).toBe(false);
});

test('a large DATA frame arriving in many segments is delivered as it comes, never copied; a hole inside it keeps its size', () => {
  // Peers that raise SETTINGS_MAX_FRAME_SIZE send frames of MiBs: the partial frame used to be copied whole with
  // every segment (a 4 MiB frame: ~3 000 copies, 6 GB; 16 MiB of such frames took 6 s instead of 0.4).
  const client = hpackCompressor();
  const server = hpackCompressor();
  const body: [number, number, boolean][] = [];
  const lost: [number, number, boolean][] = [];
  const events: H2Events = {
    onRequestHeaders: () => {},
    onResponseHeaders: () => {},
    onData: (_c, stream, _b, s, e, end) => void body.push([stream, e - s, end]),
    onDataLost: (_c, stream, bytes, end) => void lost.push([stream, bytes, end]),
    onReset: () => {},
  };
  const session = new H2Session(0, events, new BufferBudget());
  client.write([{ name: ':method', value: 'GET' }, { name: ':path', value: '/big' }, { name: ':authority', value: 'a' }]);
  const requests = Buffer.concat([H2_PREFACE, frame(4, 0, 0, Buffer.alloc(0)), frame(1, 5, 1, client.read())]);
  session.push(0, requests, 0, requests.length, 1, 1);
  server.write([{ name: ':status', value: '200' }]);
  const size = 1 << 20;
  const wire = Buffer.concat([frame(1, 4, 1, server.read()), frame(0, 0, 1, Buffer.alloc(size, 0x41)), frame(0, 1, 1, Buffer.alloc(size, 0x42))]);
  let copied = 0;
  const concat = Buffer.concat.bind(Buffer);
  const from = Buffer.from.bind(Buffer) as (...a: unknown[]) => Buffer;
  const spies = [
    vi.spyOn(Buffer, 'concat').mockImplementation((list, n) => {
      const out = concat(list, n);
      copied += out.length;
      return out;
    }),
    vi.spyOn(Buffer, 'from').mockImplementation(((...a: unknown[]) => {
      const out = from(...a);
      copied += out.length;
      return out;
    }) as typeof Buffer.from),
  ];
  try {
    // The second frame loses seven segments in its middle: the hole ends inside it, so its size still counts whole.
    const hole = Math.floor((wire.length - size / 2) / 1400);
    for (let i = 0; i * 1400 < wire.length; i++) {
      if (i === hole) session.gap(1, 7 * 1400);
      if (i >= hole && i < hole + 7) continue;
      session.push(1, wire, i * 1400, Math.min(wire.length, (i + 1) * 1400), 2, 2);
    }
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  // DATA payloads go on as they come (h2-data-frame.ts): never copied, and the frame's end is said once, at its end.
  expect(copied).toBeLessThan(64 << 10);
  expect(body.reduce((n, [, b]) => n + b, 0) + lost.reduce((n, [, b]) => n + b, 0)).toBe(2 * size);
  expect(lost).toEqual([[1, 7 * 1400, false]]);
  expect(body.filter(([, , end]) => end)).toEqual([body[body.length - 1]]);
  expect(session.broken).toBe(false);
});

test('a 16 MiB DATA frame holds none of the shared buffer budget; padding is left out and END_STREAM said once', () => {
  const events: H2Events & { got: number[]; ends: number } = {
    got: [],
    ends: 0,
    onRequestHeaders: () => {},
    onResponseHeaders: () => {},
    onData: (_c, _stream, b, s, e, end) => {
      events.got.push(...b.subarray(s, e).subarray(0, 4));
      events.ends += end ? 1 : 0;
    },
    onDataLost: () => {},
    onReset: () => {},
  };
  const budget = new BufferBudget();
  const session = new H2Session(0, events, budget);
  session.push(0, H2_PREFACE, 0, H2_PREFACE.length, 1, 1);
  const big = frame(0, 0, 1, Buffer.alloc((1 << 24) - 1, 0x41));
  let peak = 0;
  for (let o = 0; o < big.length; o += 65536) {
    session.push(0, big, o, Math.min(big.length, o + 65536), 1, 1);
    peak = Math.max(peak, budget.inUse);
  }
  expect(peak).toBeLessThan(64);
  // PADDED (pad length 3) with END_STREAM, cut after its header, after its pad length, and inside its padding.
  const padded = frame(0, 0x9, 3, Buffer.from([3, 0x61, 0x62, 0x63, 0, 0, 0]));
  events.got = [];
  for (const [a, b] of [[0, 9], [9, 10], [10, 12], [12, 14], [14, 16]]) session.push(0, padded, a, b, 1, 1);
  expect([String.fromCharCode(...events.got), events.ends]).toEqual(['abc', 1]);
  expect(session.broken).toBe(false);
});
