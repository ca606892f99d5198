import fc from 'fast-check';
import { expect, test } from 'vitest';
import { ShardMerge, type ShardBatch } from './shard-merge';

/** A record as one thread would emit it: at `packet`, with `order` within the packet; `shard` owns it. */
interface Rec {
  packet: number;
  order: number;
  shard: number;
  text: string;
}

/** Splits one shard's records into batches at the given cut points, with watermarks as the workers set them. */
function batchesOf(recs: Rec[], cuts: number[]): ShardBatch[] {
  const out: ShardBatch[] = [];
  if (recs.length === 0) return out;
  const points = [...new Set(cuts.map((c) => Math.min(c, recs.length)))].sort((a, b) => a - b).filter((c) => c > 0 && c < recs.length);
  let from = 0;
  for (const to of [...points, recs.length]) {
    const part = recs.slice(from, to);
    const bytes = Buffer.from(part.map((r) => `${r.text}\n`).join(''));
    let end = 0;
    const ends = Uint32Array.from(part, (r) => (end += Buffer.byteLength(r.text) + 1));
    // Cut inside a packet: that packet may still emit, so the watermark stops before it.
    const next = recs[to];
    const watermark = next === undefined ? Number.POSITIVE_INFINITY : next.packet === part[part.length - 1].packet ? next.packet - 1 : part[part.length - 1].packet;
    out.push({ bytes, ends, packets: Float64Array.from(part, (r) => r.packet), orders: Float64Array.from(part, (r) => r.order), count: part.length, watermark });
    from = to;
  }
  return out;
}

const recordsArb = fc
  .array(fc.record({ packet: fc.integer({ min: 1, max: 40 }), sweep: fc.boolean(), created: fc.integer({ min: 1, max: 40 }) }), { maxLength: 120 })
  .map((raw) =>
    raw
      .map((r, i) => ({ packet: r.packet, order: r.sweep ? r.created : Number.MAX_SAFE_INTEGER, shard: 0, text: `{"n":${i},"é":"${'x'.repeat(i % 7)}"}` }))
      // A packet's own records (MAX order) come from the shard of its flow, and a connection (its creation
      // packet is the order of what a sweep closes) lives in one shard.
      .map((r) => ({ ...r, shard: (r.order === Number.MAX_SAFE_INTEGER ? r.packet : r.order) % 3 }))
      .sort((a, b) => a.packet - b.packet || a.order - b.order),
  );

test('merged output is the single-thread order whatever the batching and arrival interleaving', () => {
  fc.assert(
    fc.property(recordsArb, fc.array(fc.integer({ min: 0, max: 120 }), { maxLength: 10 }), fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 400 }), (recs, cuts, arrival) => {
      const shards = 3;
      const queues = Array.from({ length: shards }, (_, s) => batchesOf(recs.filter((r) => r.shard === s), cuts));
      const batchCount = queues.reduce((n, q) => n + q.length, 0);
      let out = '';
      let consumed = 0;
      const merge = new ShardMerge(shards, (b, s, e) => (out += Buffer.from(b.subarray(s, e)).toString()), () => consumed++);
      // Batches arrive in each shard's order, shards interleaved as `arrival` says, then whatever is left.
      const order = [...arrival, ...queues.flatMap((q, s) => q.map(() => s))];
      for (const s of order) {
        const next = queues[s].shift();
        if (next) merge.add(s, next);
      }
      // A shard with no records at all still ends with an infinite watermark.
      for (let s = 0; s < shards; s++) merge.advance(s, Number.POSITIVE_INFINITY);
      expect(out).toBe(recs.map((r) => `${r.text}\n`).join(''));
      expect(merge.pending).toBe(0);
      expect(consumed).toBe(batchCount);
    }),
    { numRuns: 500 },
  );
});

test('a record waits for a shard that may still emit before it, and goes out once that shard moves on', () => {
  const written: string[] = [];
  const merge = new ShardMerge(2, (b, s, e) => written.push(Buffer.from(b.subarray(s, e)).toString()));
  const one = (text: string, packet: number, watermark: number): ShardBatch => {
    const bytes = Buffer.from(`${text}\n`);
    return { bytes, ends: Uint32Array.of(bytes.length), packets: Float64Array.of(packet), orders: Float64Array.of(Number.MAX_SAFE_INTEGER), count: 1, watermark };
  };
  merge.add(0, one('a', 10, 10));
  expect(written).toEqual([]); // shard 1 has only finished packet 0
  merge.advance(1, 9);
  expect(written).toEqual([]);
  merge.add(1, one('b', 12, 12));
  expect(written).toEqual(['a\n']);
  merge.advance(0, 11);
  expect(written).toEqual(['a\n']);
  merge.advance(0, 12);
  expect(written).toEqual(['a\n', 'b\n']);
  expect(() => merge.advance(0, 5)).toThrow(/watermark went back/);
});
