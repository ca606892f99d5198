import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import { apiCaptureBuffer } from '../../test/gen/pcap/write-capture';
import { SHARED_FIXTURES } from '../../test/require';
import { ID_SEGMENT, shapeKey } from '../http/body-budget';
import { isoTimestamp } from '../http/iso-time';
import { extractCaptures } from './extract-captures';
import { PacketDecoder } from './decode-packet';
import { TcpReassembler } from './tcp-reassembly';

/**
 * Each shortcut the collector takes for speed must give exactly what the general path gives: the JSON
 * lane against JSON.stringify of the record, the cached timestamp against Date, the id-segment pre-check
 * against the regex, the flow cache against the maps behind it.
 */
const dir = mkdtempSync(join(tmpdir(), 'lantern-fast-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PCAP_DIR = join(SHARED_FIXTURES, 'pcap');
const shared = readdirSync(PCAP_DIR)
  .filter((f) => /\.(pcap|pcapng)(\.gz)?$/.test(f))
  .sort()
  .map((f) => join(PCAP_DIR, f));

async function bothLanes(files: string[]): Promise<{ json: string[]; objects: string[] }> {
  const json: string[] = [];
  const objects: string[] = [];
  await extractCaptures(files, { fingerprintKey: 'k', emitJson: (j) => json.push(j) }, (ex) => json.push(JSON.stringify(ex)));
  await extractCaptures(files, { fingerprintKey: 'k' }, (ex) => objects.push(JSON.stringify(ex)));
  return { json, objects };
}

test('the JSON lane writes exactly JSON.stringify of each record, on every shared capture', async () => {
  const { json, objects } = await bothLanes(shared);
  expect(objects.length).toBe(143);
  expect(json).toEqual(objects);
});

test('the JSON lane matches on generated keep-alive API traffic (JWT, keys, cookies, gzip, chunked, reordering)', async () => {
  const file = join(dir, 'api.pcap');
  const { capture, exchanges } = apiCaptureBuffer({ seed: 5, exchanges: 3000, retransmitRate: 0.01, reorderRate: 0.01 });
  writeFileSync(file, capture);
  const { json, objects } = await bothLanes([file]);
  expect(objects.length).toBe(exchanges);
  expect(json).toEqual(objects);
  // Records whose auth evidence is shared between requests, and records with sensitive tags, are both covered.
  expect(objects.filter((o) => o.includes('"sensitive"')).length).toBeGreaterThan(0);
  expect(objects.filter((o) => o.includes('"bearer-jwt"')).length).toBeGreaterThan(100);
});

test('isoTimestamp is Date#toISOString, across seconds, fractions and the edges of Date', () => {
  const edges = [0, 0.9, 999.999, 1000, 1_763_899_999_999.5, 8.64e15 - 1, 8.64e15, -1, -0.5, Number.NaN, 253_402_300_800_000];
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.constantFrom(...edges), fc.double({ min: -1e13, max: 9e15, noNaN: false })), { maxLength: 20 }), (times) => {
      for (const t of times) {
        let want: string;
        try {
          want = new Date(t).toISOString();
        } catch {
          expect(() => isoTimestamp(t)).toThrow(RangeError);
          continue;
        }
        expect(isoTimestamp(t)).toBe(want);
      }
    }),
    { numRuns: 2000, seed: 3 },
  );
});

test('shapeKey gives two targets the same number exactly when their shapes (id segments replaced by the regex) are equal', () => {
  const segment = fc.oneof(
    fc.stringMatching(/^[0-9]{0,3}$/),
    fc.stringMatching(/^[0-9a-fA-F-]{6,10}$/),
    fc.stringMatching(/^[A-Za-z0-9_.-]{0,24}$/),
    fc.constantFrom('users', 'me', 'v2', '', '..', '{}', 'x?y'),
  );
  const target = fc.tuple(fc.array(segment, { maxLength: 6 }), fc.boolean(), fc.constantFrom('', '?a=1', '?/123')).map(([segs, lead, query]) => `${lead ? '/' : ''}${segs.join('/')}${query}`);
  const shape = (t: string) => {
    const q = t.indexOf('?');
    return (q === -1 ? t : t.slice(0, q)).replace(ID_SEGMENT, '/{}');
  };
  fc.assert(
    fc.property(target, target, fc.constantFrom('GET', 'POST'), (a, b, method) => {
      expect(shapeKey('api.x', method, a) === shapeKey('api.x', method, b)).toBe(shape(a) === shape(b));
      expect(shapeKey('api.x', 'GET', a)).not.toBe(shapeKey('api.y', 'GET', a));
    }),
    { numRuns: 5000, seed: 4 },
  );
  expect(shapeKey('api.x', 'GET', '/users/123/orders/9f3c2a1b-0000')).toBe(shapeKey('api.x', 'GET', '/users/7/orders/ABCDEF12?x=1'));
  expect(shapeKey('api.x', 'GET', '/users/123')).not.toBe(shapeKey('api.x', 'GET', '/users/me'));
});

test('more interleaved flows than flow-cache slots: every byte reaches its own connection', () => {
  const got = new Map<string, string>();
  const tcp = new TcpReassembler(
    (ends) => ({
      data: (d, buf, s, e) => got.set(ends.addr[d], (got.get(ends.addr[d]) ?? '') + buf.toString('latin1', s, e)),
      gap: () => undefined,
      end: () => undefined,
      close: () => undefined,
    }),
    { perFlowBytes: 1 << 20, totalBytes: 1 << 24, maxConnections: 20_000, idleMs: 60_000 },
  );
  const decoder = new PacketDecoder(tcp);
  const flows = 9000;
  const seg = (i: number, round: number) => {
    const b = Buffer.alloc(42);
    b[0] = 0x45;
    b.writeUInt16BE(42, 2);
    b[9] = 6;
    b.writeUInt32BE(0x0a000000 + (i % 250), 12); // many clients share an address: only the port differs
    b.writeUInt32BE(0x09010000 + (i % 7), 16); // servers sort first: the first key is shared by many flows
    b.writeUInt16BE(1024 + i, 20);
    b.writeUInt16BE(80, 22);
    b.writeUInt32BE(1000 + round * 2, 24);
    b[32] = 0x50;
    b[33] = 0x18;
    b.write(String.fromCharCode(97 + round) + String.fromCharCode(65 + (i % 26)), 40, 'latin1');
    return b;
  };
  for (let round = 0; round < 3; round++) for (let i = 0; i < flows; i++) decoder.decode(101, seg(i, round), 0, 42, round);
  expect(tcp.connections).toBe(flows);
  for (let i = 0; i < flows; i++) {
    const l = String.fromCharCode(65 + (i % 26));
    expect(got.get(`10.0.0.${i % 250}:${1024 + i}`)).toBe(`a${l}b${l}c${l}`);
  }
});
