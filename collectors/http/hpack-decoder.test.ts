import hpack from 'hpack.js';
import { createRequire } from 'node:module';
import { expect, test } from 'vitest';
import type { Header } from './http1-head';
import { HpackDecoder } from './hpack-decoder';
import { decodeHuffman, huffmanCode } from './hpack-huffman';

interface Field {
  name: string;
  value: string;
  huffman?: boolean;
  incremental?: boolean;
  neverIndex?: boolean;
}
interface Compressor {
  write(h: Field[]): void;
  read(): Buffer | null;
  _table: { updateSize(n: number): void };
}
// hpack.js is the reference: its compressor writes the blocks, its decompressor is what the collector used before.
const hpackFull = createRequire(import.meta.url)('hpack.js') as typeof hpack & {
  compressor: { create(o: { table: { maxSize: number } }): Compressor };
  huffman: { encode: [bits: number, code: number][] };
};

/** Deterministic choices (xorshift32), so a failure reproduces. */
function rng(seed: number): (n: number) => number {
  let x = seed;
  return (n) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

const NAMES = [':method', ':path', ':authority', ':status', 'content-type', 'x-request-id', 'X-Tenant', 'authorization', 'cookie', 'x-a', 'user-agent', 'accept'];

/** A block of 1–8 fields from a small vocabulary (so the table is reused), random coding choices, sometimes a size update first. */
function randomBlock(pick: (n: number) => number, c: Compressor): Buffer {
  const fields: Field[] = Array.from({ length: 1 + pick(8) }, () => {
    const value = pick(4) === 0 ? `v${pick(1000)}\u00e9\u00ff` : ['GET', '/a', 'x.internal', '200', 'application/json', `r-${pick(6)}`][pick(6)];
    return { name: NAMES[pick(NAMES.length)], value, huffman: pick(2) === 0, incremental: pick(5) !== 0, neverIndex: pick(10) === 0 };
  });
  const parts: Buffer[] = [];
  if (pick(12) === 0) {
    const size = [0, 64, 200, 4096][pick(4)];
    parts.push(sizeUpdate(size));
    c._table.updateSize(size);
  }
  c.write(fields);
  for (let b = c.read(); b !== null; b = c.read()) parts.push(b);
  return Buffer.concat(parts);
}

/** A dynamic table size update (RFC 7541 §6.3): 001 and a 5-bit-prefix integer. */
function sizeUpdate(size: number): Buffer {
  if (size < 31) return Buffer.from([0x20 | size]);
  const out = [0x3f];
  let rest = size - 31;
  while (rest >= 128) {
    out.push((rest % 128) | 0x80);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return Buffer.from(out);
}

function referenceDecoder(): (block: Buffer) => Header[] | 'error' {
  const d = hpack.decompressor.create({ table: { maxSize: 1 << 16 } });
  d.updateTableSize(4096);
  let failed = false;
  (d as unknown as { on(e: string, f: () => void): void }).on('error', () => (failed = true));
  return (block) => {
    d.write(block);
    d.execute();
    const out: Header[] = [];
    for (let f = d.read(); f !== null; f = d.read()) out.push([f.name.toLowerCase(), f.value]);
    return failed ? 'error' : out;
  };
}

test('Huffman codes rebuilt from the lengths equal RFC 7541 Appendix B (as hpack.js has them)', () => {
  expect(Array.from({ length: 257 }, (_, s) => huffmanCode(s))).toEqual(hpackFull.huffman.encode);
  // "www.example.com" from RFC 7541 C.4.1.
  expect(decodeHuffman(Buffer.from('f1e3c2e5f23a6ba0ab90f4ff', 'hex'), 0, 12)).toBe('www.example.com');
  // EOS inside, padding of 8 bits, padding not all ones.
  expect(decodeHuffman(Buffer.from('ffffffff', 'hex'), 0, 4)).toBeUndefined();
  expect(decodeHuffman(Buffer.from('f1e3c2e5f23a6ba0ab90f4ffff', 'hex'), 0, 13)).toBeUndefined();
  expect(decodeHuffman(Buffer.from('f1e3c2e5f23a6ba0ab90f4fe', 'hex'), 0, 12)).toBeUndefined();
});

test('decodes exactly what hpack.js decodes: 3000 random blocks, Huffman and raw, evictions and size updates', () => {
  for (const seed of [1, 2, 3]) {
    const pick = rng(seed * 7919);
    const c = hpackFull.compressor.create({ table: { maxSize: 4096 } });
    const reference = referenceDecoder();
    const mine = new HpackDecoder();
    for (let i = 0; i < 1000; i++) {
      const block = randomBlock(pick, c);
      const expected = reference(block);
      expect(expected).not.toBe('error');
      expect(mine.decode(block, 0, block.length)).toEqual(expected);
      expect(mine.unknown).toBe(0);
    }
  }
});

test('invalid blocks are rejected: index 0 or past the table, cut integers and strings, integers over 2^35', () => {
  const bad = ['80', 'be', '7f', '41', '4103', '3f80808080808001', '4088', 'ff80808080808001'];
  for (const hex of bad) expect([hex, new HpackDecoder().decode(Buffer.from(hex, 'hex'), 0, hex.length / 2)]).toEqual([hex, undefined]);
});

test('a table over 64 KiB (a peer advertised a larger SETTINGS_HEADER_TABLE_SIZE) is decoded; only what it holds beyond 64 KiB is unknown', () => {
  // RFC 7541 §6.3 allows any size up to the decoder's setting, which may be 2^32-1 (RFC 9113 §6.5.2): an update over
  // 64 KiB made the block invalid, and the h2c connection ended there.
  const size = 2 ** 32 - 1;
  const c = hpackFull.compressor.create({ table: { maxSize: size } });
  c._table.updateSize(size);
  const d = new HpackDecoder();
  const block = (fields: Field[], prefix: Buffer = Buffer.alloc(0)) => {
    c.write(fields);
    const b = Buffer.concat([prefix, c.read()!]);
    return d.decode(b, 0, b.length);
  };
  const big = Array.from({ length: 100 }, (_, i) => ({ name: `x-${i}`, value: String(i).padEnd(1000, '.') }));
  expect(block(big.slice(0, 1), sizeUpdate(size))).toEqual([['x-0', big[0].value]]);
  for (let i = 1; i < 100; i++) expect(block(big.slice(i, i + 1))).toEqual([[`x-${i}`, big[i].value]]);
  // Indexed fields (RFC 7541 §6.1): 62 is the newest entry, x-99, 62 + 59 is x-40, 62 + 99 is x-0. The newest
  // 64 KiB of entries resolve; older ones (x-0 here) are counted unknown instead of failing the block.
  const indexed = (i: number) => (i < 127 ? Buffer.from([0x80 | i]) : Buffer.from([0xff, i - 127]));
  const refs = Buffer.concat([indexed(62), indexed(62 + 59), indexed(62 + 99), indexed(2)]);
  expect(d.decode(refs, 0, refs.length)).toEqual([['x-99', big[99].value], ['x-40', big[40].value], [':method', 'GET']]);
  expect(d.unknown).toBe(1);
});

test('after forget(): entries inserted since resolve exactly, older ones are unknown, positions survive unknown names', () => {
  const c = hpackFull.compressor.create({ table: { maxSize: 4096 } });
  const d = new HpackDecoder();
  const block = (fields: Field[]) => {
    c.write(fields);
    const b = c.read()!;
    return d.decode(b, 0, b.length);
  };
  expect(block([{ name: 'x-a', value: 'old' }, { name: ':authority', value: 'old.internal' }])).toEqual([['x-a', 'old'], [':authority', 'old.internal']]);
  d.forget();
  // x-a's name is the forgotten entry: the field is unknown, but it still takes a table position.
  expect(block([{ name: 'x-b', value: 'new' }, { name: 'x-a', value: 'renamed' }])).toEqual([['x-b', 'new']]);
  expect(d.unknown).toBe(1);
  // Index 62 is x-a: renamed (unknown name), 63 x-b: new, 64 the forgotten :authority.
  expect(block([{ name: 'x-a', value: 'renamed' }, { name: ':method', value: 'GET' }, { name: 'x-b', value: 'new' }, { name: ':authority', value: 'old.internal' }])).toEqual([
    [':method', 'GET'],
    ['x-b', 'new'],
  ]);
  expect(d.unknown).toBe(2);
});

test('after blocks are lost and forget(), on random traffic: every decoded field is the true one, in order; the rest are counted unknown', () => {
  let known = 0;
  let unknown = 0;
  for (const seed of [11, 12, 13, 14, 15, 16]) {
    const pick = rng(seed * 104729);
    const c = hpackFull.compressor.create({ table: { maxSize: 4096 } });
    const reference = referenceDecoder();
    const mine = new HpackDecoder();
    // Blocks lost to two holes: the reference sees them, the decoder under test does not.
    const lostFrom = [50 + pick(100), 300 + pick(100)];
    const lost = (i: number) => lostFrom.some((f) => i >= f && i < f + 3);
    for (let i = 0; i < 500; i++) {
      const block = randomBlock(pick, c);
      const truth = reference(block) as Header[];
      if (lost(i)) continue;
      if (lost(i - 1)) mine.forget();
      const got = mine.decode(block, 0, block.length)!;
      expect(got).toBeDefined();
      // A subsequence of the truth whose gaps are exactly the unknown fields.
      let t = 0;
      for (const field of got) {
        while (t < truth.length && (truth[t][0] !== field[0] || truth[t][1] !== field[1])) t++;
        expect(t).toBeLessThan(truth.length);
        t++;
      }
      expect(got.length + mine.unknown).toBe(truth.length);
      known += got.length;
      unknown += mine.unknown;
    }
  }
  // Most fields stay knowable: the static table, literals, and what was indexed after the loss.
  expect(known).toBeGreaterThan(unknown * 3);
  expect([known, unknown]).toEqual([13360, 48]);
});
