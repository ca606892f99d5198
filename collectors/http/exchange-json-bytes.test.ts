import { readdirSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import type { AuthEvidence, Exchange } from '../../lib/exchange';
import { apiCaptureBuffer } from '../../test/gen/pcap/write-capture';
import { SHARED_FIXTURES } from '../../test/require';
import type { JsonByteOutput } from '../logs/json-bytes';
import { extractCaptures } from '../pcap/extract-captures';
import { ExchangeJsonBytes } from './exchange-json-bytes';

/**
 * The byte lane must write exactly `JSON.stringify(record)` and a newline per record, whatever it writes itself
 * and whatever it leaves to the string writer, across buffer flushes, in the order records come.
 */
const dir = mkdtempSync(join(tmpdir(), 'lantern-json-bytes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A line writer's byte buffer (bin/line-writer.ts) of `size` bytes, flushed into `text`; `emit` writes a string line. */
function output(size: number) {
  let text = '';
  const out: JsonByteOutput & { buf: Buffer } = {
    buf: Buffer.alloc(size),
    pos: 0,
    makeRoom(bytes: number) {
      text += out.buf.toString('utf8', 0, out.pos);
      out.pos = 0;
      if (out.buf.length < bytes) out.buf = Buffer.alloc(bytes);
    },
  };
  const emit = (line: string) => {
    out.makeRoom(3 * line.length + 1);
    out.pos += out.buf.write(`${line}\n`, out.pos);
  };
  return { out, emit, text: () => text + out.buf.toString('utf8', 0, out.pos) };
}

async function laneAndObjects(files: string[]): Promise<{ lane: string; objects: string }> {
  // A small buffer: records land across many flushes.
  const o = output(80 << 10);
  await extractCaptures(files, { fingerprintKey: 'k', emitJson: Object.assign(o.emit, { bytes: o.out }) }, () => {
    throw new Error('the JSON lane does not call the sink');
  });
  const objects: string[] = [];
  await extractCaptures(files, { fingerprintKey: 'k' }, (ex) => objects.push(`${JSON.stringify(ex)}\n`));
  return { lane: o.text(), objects: objects.join('') };
}

test('capture records written as bytes are JSON.stringify of each record, on every shared capture', async () => {
  const pcaps = join(SHARED_FIXTURES, 'pcap');
  const files = readdirSync(pcaps).filter((f) => /\.(pcap|pcapng)(\.gz)?$/.test(f)).sort().map((f) => join(pcaps, f));
  const { lane, objects } = await laneAndObjects(files);
  expect(objects.split('\n').length - 1).toBe(143);
  expect(lane).toBe(objects);
});

test('and on generated keep-alive API traffic (JWT, keys, gzip, chunked, retransmissions, reordering)', async () => {
  const file = join(dir, 'api.pcap');
  const { capture, exchanges } = apiCaptureBuffer({ seed: 9, exchanges: 3000, retransmitRate: 0.01, reorderRate: 0.01 });
  writeFileSync(file, capture);
  const { lane, objects } = await laneAndObjects([file]);
  expect(objects.split('\n').length - 1).toBe(exchanges);
  expect(lane).toBe(objects);
});

const AUTH: AuthEvidence[] = [{ kind: 'bearer-jwt', fingerprint: '9a152367843ad7de', jwt: { alg: 'HS256', iss: 'https://id.example', scopes: ['a:b'] } }];
const BASE: Exchange = {
  ts: '2025-11-23T12:13:20.001Z',
  src: '10.1.0.246:20247',
  dst: '10.9.0.3:8080',
  transport: 'http/1.1',
  host: 'payments.internal:8443',
  method: 'GET',
  path: '/api/v2/users',
  query: ['page', 'limit'],
  status: 200,
  latencyMs: 2.956,
  responseContentType: 'application/json',
  responseBytes: 651,
  userAgent: 'python-requests/2.32.3',
  auth: AUTH,
  source: { file: '/captures/a.pcap', packet: 11 },
};

/** Every field in the schema's order, undefined when absent, as finishExchange makes records (so JSON.stringify's order). */
function inOrder(r: Partial<Exchange>): Exchange {
  const keys = ['ts', 'src', 'dst', 'transport', 'host', 'method', 'path', 'query', 'route', 'status', 'latencyMs', 'requestContentType', 'requestBytes', 'responseContentType', 'responseBytes', 'userAgent', 'auth', 'sensitive', 'deprecation', 'sunset', 'tls', 'source'] as const;
  return Object.fromEntries(keys.map((k) => [k, r[k]])) as unknown as Exchange;
}

/** Strings JSON copies as they are, and ones it escapes or UTF-8 makes longer (the string writer's). */
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.constantFrom('', '/a"b', 'a\\b', 'tab\there', '\u007f', '\u0080', 'é', '\u2028', '\ud800', '😀', '/users/42'),
);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const number = fc.oneof(
  fc.nat(),
  fc.integer({ min: 0, max: 2 ** 40 }).map((k) => k / 1000),
  // Latencies: microseconds, rounded (finishExchange), trailing zeros in the thousandths.
  fc.integer({ min: 0, max: 10_000_000 }).map((k) => k / 1000),
  fc.integer({ min: 0, max: 10_000 }).map((k) => k / 100),
  fc.double({ noNaN: false }),
  fc.constantFrom(0, -0, 0.005, 0.1 + 0.2, 999.999, 1e9 + 0.5, 123456789.125, 2 ** 53, 2 ** 60, 1e21, 1e-7, -1.5, Number.NaN, Number.POSITIVE_INFINITY),
);

test('any record: what the lane writes itself and what it leaves to the string writer, in order, across flushes', () => {
  const record = fc.record({
    ts: text,
    src: maybe(text),
    host: maybe(text),
    path: maybe(text),
    query: maybe(fc.array(text, { maxLength: 4 })),
    status: maybe(number),
    latencyMs: maybe(number),
    requestBytes: maybe(number),
    userAgent: maybe(text),
    auth: fc.option(fc.constant(AUTH), { nil: undefined }),
    sensitive: maybe(fc.array(text, { maxLength: 3 })),
    deprecation: maybe(text),
    packet: fc.oneof(fc.nat(), fc.constant(2 ** 53 + 2)),
  });
  fc.assert(
    fc.property(fc.array(record, { maxLength: 30 }), fc.integer({ min: 600, max: 4000 }), (records, size) => {
      const o = output(size);
      const lane = new ExchangeJsonBytes(o.out, o.emit);
      let want = '';
      for (const { packet, ...r } of records) {
        const ex = inOrder({ ...BASE, ...r, source: { file: '/captures/a.pcap', packet } } as Exchange);
        lane.write(ex);
        want += `${JSON.stringify(ex)}\n`;
      }
      expect(o.text()).toBe(want);
    }),
    { numRuns: 3000, seed: 11 },
  );
});

test('a record longer than the room the lane makes, and one with a non-ASCII source file, are written whole', () => {
  const o = output(1 << 16);
  const lane = new ExchangeJsonBytes(o.out, o.emit);
  const base = inOrder(BASE);
  const long = inOrder({ ...BASE, path: `/${'a'.repeat(70_000)}`, query: Array.from({ length: 3000 }, (_, i) => `n${i}`) });
  const named = inOrder({ ...BASE, source: { file: '/captures/über "q".pcap', packet: 3 } });
  for (const ex of [base, long, named, base]) lane.write(ex);
  expect(o.text()).toBe([base, long, named, base].map((ex) => `${JSON.stringify(ex)}\n`).join(''));
});
