import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { SHARED_FIXTURES } from '../../test/require';
import { toPcapng } from '../../test/gen/pcap/to-pcapng';
import { apiCaptureBuffer } from '../../test/gen/pcap/write-capture';
import { feedBlocks, type BlockSource } from './feed-blocks';
import type { PacketSink } from './packet-sink';
import { captureParser } from './read-capture';

/**
 * feedBlocks parses records in place and completes the ones cut by a block end in a carry buffer: whatever the
 * cuts, the packets and the outcome must be those of parsing the whole file at once.
 */
function whole(capture: Buffer): { packets: string[]; outcome: unknown } {
  const chosen = captureParser(capture.subarray(0, 4));
  if ('problem' in chosen) throw new Error(chosen.problem);
  const packets: string[] = [];
  const r = chosen.parser.parse(capture, recorder(packets));
  const outcome =
    typeof r !== 'number'
      ? { status: 'truncated', packets: chosen.parser.packets, problem: r.invalid }
      : r === capture.length
        ? { status: 'ok', packets: chosen.parser.packets }
        : { status: 'truncated', packets: chosen.parser.packets, problem: `packet ${chosen.parser.packets + 1}: file ends inside the record` };
  return { packets, outcome };
}

function recorder(into: string[]): PacketSink {
  return { packet: (link, data, start, end, ts) => void into.push(`${link} ${ts} ${data.toString('hex', start, end)}`) };
}

/**
 * Blocks of the given sizes (cycled), handed out in one reused buffer that is scribbled over on every call,
 * as the shared ring's slots are refilled: a packet kept by reference past its call would show up corrupted.
 */
function blocksOf(capture: Buffer, sizes: number[]): BlockSource {
  const buf = Buffer.alloc(Math.max(...sizes));
  let off = 0;
  let i = 0;
  return {
    next: () => {
      buf.fill(0xa5);
      if (off >= capture.length) return undefined;
      const n = capture.copy(buf, 0, off, Math.min(capture.length, off + sizes[i++ % sizes.length]));
      off += n;
      return buf.subarray(0, n);
    },
  };
}

async function fed(capture: Buffer, sizes: number[]): Promise<{ packets: string[]; outcome: unknown; bytes: number }> {
  const chosen = captureParser(capture.subarray(0, 4));
  if ('problem' in chosen) throw new Error(chosen.problem);
  const packets: string[] = [];
  const counted = { bytes: 0 };
  const outcome = await feedBlocks(blocksOf(capture, sizes), chosen.parser, recorder(packets), counted);
  return { packets, outcome, bytes: counted.bytes };
}

/** A classic pcap with one record of `size` bytes between ordinary ones: longer than the first join copies. */
function withHugeRecord(capture: Buffer, size: number): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt32LE(capture.readUInt32LE(24), 0);
  header.writeUInt32LE(size, 8);
  header.writeUInt32LE(size, 12);
  const first = 24 + 16 + capture.readUInt32LE(24 + 8);
  return Buffer.concat([capture.subarray(0, first), header, Buffer.alloc(size, 0x42), capture.subarray(first)]);
}

const generated = apiCaptureBuffer({ seed: 5, exchanges: 60, connections: 4 }).capture;
const captures: [string, Buffer][] = [
  ['generated pcap', generated],
  ['pcap with a 200 KiB record', withHugeRecord(generated, 200_000)],
  ['pcapng', readFileSync(join(SHARED_FIXTURES, 'pcap/chrissanders__http_espn.pcapng'))],
  ['a fixture pcap', readFileSync(join(SHARED_FIXTURES, 'pcap/zeek__http-methods.pcap'))],
];

test.each(captures)('%s: any block cuts give the packets of the whole file', async (_name, capture) => {
  const expected = whole(capture);
  expect(expected.packets.length).toBeGreaterThan(3);
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 8 }), async (sizes) => {
      const got = await fed(capture, sizes);
      expect(got.packets).toEqual(expected.packets);
      expect(got.outcome).toEqual(expected.outcome);
      expect(got.bytes).toBe(capture.length);
    }),
    { numRuns: 40 },
  );
});

test('a file cut inside a record or its header: the packets before it, and the same problem as a whole read', async () => {
  for (const cut of [10, 24 + 7, Math.floor(generated.length / 2), generated.length - 1]) {
    const capture = generated.subarray(0, cut);
    for (const sizes of [[1], [13], [4096], [1 << 20]]) {
      const got = await fed(capture, sizes);
      const expected = whole(capture);
      if (cut < 24) expect(got.outcome).toEqual({ status: 'invalid', packets: 0, problem: 'file ends inside the capture header' });
      else expect(got.outcome).toEqual(expected.outcome);
      expect(got.packets).toEqual(expected.packets);
    }
  }
});

test('a corrupt record length is reported with its packet number whichever block it falls in, and reading goes on after it', async () => {
  const capture = Buffer.from(generated);
  let off = 24;
  for (let i = 0; i < 20; i++) off += 16 + capture.readUInt32LE(off + 8);
  const damaged = 16 + capture.readUInt32LE(off + 8);
  capture.writeUInt32LE(0x7fffffff, off + 8);
  const intact = whole(generated).packets;
  for (const sizes of [[7], [off - 3], [off + 5], [1 << 20]]) {
    const got = await fed(capture, sizes);
    expect(got.packets).toEqual([...intact.slice(0, 20), ...intact.slice(21)]);
    expect(got.outcome).toEqual({ status: 'ok', packets: intact.length - 1, skipped: [{ afterPacket: 20, problem: 'packet 21: record length 2147483647 is corrupt', bytes: damaged }] });
  }
});

/** Offsets of a classic pcap's records: [start, end) each. */
function recordSpans(capture: Buffer): [number, number][] {
  const spans: [number, number][] = [];
  for (let off = 24; off + 16 <= capture.length; off += 16 + capture.readUInt32LE(off + 8)) spans.push([off, off + 16 + capture.readUInt32LE(off + 8)]);
  return spans;
}

/** Damage to a capture at `from` or after: a zero-filled hole, bytes lost, or junk inserted. */
function damageTo(capture: Buffer, from: number) {
  return fc
    .record({
      kind: fc.constantFrom('zeros', 'lost', 'junk'),
      at: fc.integer({ min: from, max: capture.length - 1 }),
      size: fc.integer({ min: 1, max: 5000 }),
      junk: fc.uint8Array({ minLength: 5000, maxLength: 5000 }),
    })
    .map(({ kind, at, size, junk }) => {
      const end = Math.min(capture.length, at + size);
      const damaged =
        kind === 'zeros' ? Buffer.concat([capture.subarray(0, at), Buffer.alloc(end - at), capture.subarray(end)])
        : kind === 'lost' ? Buffer.concat([capture.subarray(0, at), capture.subarray(end)])
        : Buffer.concat([capture.subarray(0, at), Buffer.from(junk.subarray(0, size)), capture.subarray(at)]);
      // In the original file's offsets, what the damage touched is [at, resumed).
      return { kind, at, resumed: kind === 'junk' ? at : end, damaged };
    });
}

const blockSizes = fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 4 });

test('damage inside a pcap (a zero-filled hole, junk inserted, bytes lost): every packet before it, and (but for bytes lost) every packet a record past it, whatever the block cuts', async () => {
  const spans = recordSpans(generated);
  const intact = whole(generated).packets;
  const longest = Math.max(...spans.map(([a, b]) => b - a));
  await fc.assert(
    fc.asyncProperty(damageTo(generated, 24), blockSizes, async ({ kind, at, resumed, damaged: capture }, sizes) => {
      const before = spans.filter(([, e]) => e <= at).length;
      // A record cut by the damage can take up to its length of what follows; a first record has no time to be
      // checked against, and a misread one can take up to the longest a record may be.
      const after = spans.filter(([s]) => s >= resumed + (before >= 3 ? longest : 1 << 18)).length;
      const got = await fed(capture, sizes);
      expect(got.packets.slice(0, before)).toEqual(intact.slice(0, before));
      // Bytes lost inside a header can leave its time whole and make its length any other: what that length takes
      // is lost with it (tshark reads the same), so only what came before is sure.
      if (after >= 3 && kind !== 'lost') {
        expect(got.packets.slice(got.packets.length - after)).toEqual(intact.slice(intact.length - after));
        expect(got.outcome).toMatchObject({ status: 'ok' });
      }
      expect(got.packets.length).toBeLessThanOrEqual(intact.length + 3);
      // The same whatever the cuts: one block gives what many gave.
      expect(await fed(capture, [capture.length])).toEqual({ ...got, bytes: capture.length });
    }),
    { numRuns: 250, seed: 12 },
  );
});

test('what is odd but not damage is read whole: a clock stepped by two days, wire lengths short of the captured ones, fractions out of range', async () => {
  const spans = recordSpans(generated);
  const dataOf = (packets: string[]) => packets.map((p) => p.split(' ')[2]);
  const intact = whole(generated).packets;
  const edited = (edit: (capture: Buffer, start: number, index: number) => void) => {
    const capture = Buffer.from(generated);
    spans.forEach(([start], i) => edit(capture, start, i));
    return capture;
  };
  const stepped = edited((c, at, i) => void (i >= 100 && c.writeUInt32LE(c.readUInt32LE(at) + 2 * 86_400, at)));
  const shortWire = edited((c, at) => void c.writeUInt32LE(c.readUInt32LE(at + 8) - 1, at + 12));
  const nanosInMicros = edited((c, at) => void c.writeUInt32LE(c.readUInt32LE(at + 4) * 1000 + 999, at + 4));
  for (const capture of [stepped, shortWire, nanosInMicros]) {
    for (const sizes of [[capture.length], [4096, 333]]) {
      const got = await fed(capture, sizes);
      expect(dataOf(got.packets)).toEqual(dataOf(intact));
      expect(got.outcome).toEqual({ status: 'ok', packets: intact.length });
    }
  }
});

/** Offsets of a pcapng's blocks: [start, end) each, and whether it holds a packet. */
function blockSpans(capture: Buffer): [number, number, boolean][] {
  const spans: [number, number, boolean][] = [];
  for (let off = 0; off + 12 <= capture.length; off += capture.readUInt32LE(off + 4)) spans.push([off, off + capture.readUInt32LE(off + 4), capture.readUInt32LE(off) === 6]);
  return spans;
}

test('damage inside a pcapng (a zero-filled hole, junk inserted, bytes lost): every packet before it and every packet a block past it, whatever the block cuts', async () => {
  const capture0 = toPcapng(generated);
  const spans = blockSpans(capture0);
  const intact = whole(capture0).packets;
  expect(intact).toEqual(whole(generated).packets);
  const longest = Math.max(...spans.map(([a, b]) => b - a));
  await fc.assert(
    // After the section header and the interface: damage to those leaves nothing to read packets by.
    fc.asyncProperty(damageTo(capture0, spans[2][0]), blockSizes, async ({ at, resumed, damaged: capture }, sizes) => {
      const before = spans.filter(([, e, p]) => p && e <= at).length;
      const after = spans.filter(([s, , p]) => p && s >= resumed + longest).length;
      const got = await fed(capture, sizes);
      expect(got.packets.slice(0, before)).toEqual(intact.slice(0, before));
      if (after >= 2) {
        expect(got.packets.slice(got.packets.length - after)).toEqual(intact.slice(intact.length - after));
        expect(got.outcome).toMatchObject({ status: 'ok' });
      }
      expect(got.packets.length).toBeLessThanOrEqual(intact.length);
      expect(await fed(capture, [capture.length])).toEqual({ ...got, bytes: capture.length });
    }),
    { numRuns: 250, seed: 13 },
  );
});

test('an exception from the sink is said against the packet it was handling; a read error against the next one', async () => {
  const capture = apiCaptureBuffer({ seed: 3, exchanges: 20, connections: 2 }).capture;
  const throwingAt = (n: number): PacketSink => {
    let seen = 0;
    return { packet: () => { if (++seen === n) throw new Error('sink bug'); } };
  };
  for (const sizes of [[capture.length], [1000, 37]]) {
    const parser = captureParser(capture.subarray(0, 4)) as Exclude<ReturnType<typeof captureParser>, { problem: string }>;
    const outcome = await feedBlocks(blocksOf(capture, sizes), parser.parser, throwingAt(7), { bytes: 0 });
    expect(outcome).toEqual({ status: 'truncated', packets: 7, problem: 'packet 7: sink bug', thrown: true });
  }
  let calls = 0;
  const failing: BlockSource = { next: () => (++calls === 1 ? capture.subarray(0, 24 + 16 + capture.readUInt32LE(32)) : Promise.reject(new Error('EIO'))) };
  const parser = captureParser(capture.subarray(0, 4)) as Exclude<ReturnType<typeof captureParser>, { problem: string }>;
  expect(await feedBlocks(failing, parser.parser, recorder([]), { bytes: 0 })).toEqual({ status: 'truncated', packets: 1, problem: 'packet 2: EIO', thrown: true });
});
