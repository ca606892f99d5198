import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { tempCapture } from '../../test/gen/pcap/conversation';
import { SHARED_FIXTURES } from '../../test/require';
import { extractCaptures } from './extract-captures';

function block(type: number, body: Buffer, le: boolean): Buffer {
  const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
  const head = Buffer.alloc(8);
  const tail = Buffer.alloc(4);
  const len = padded.length + 12;
  if (le) {
    head.writeUInt32LE(type, 0);
    head.writeUInt32LE(len, 4);
    tail.writeUInt32LE(len);
  } else {
    head.writeUInt32BE(type, 0);
    head.writeUInt32BE(len, 4);
    tail.writeUInt32BE(len);
  }
  return Buffer.concat([head, padded, tail]);
}

/** A classic µs pcap rewritten as pcapng whose one interface carries if_tsoffset (option 14, signed seconds). */
function withTsOffset(pcap: Buffer, offsetSeconds: number, le: boolean): Buffer {
  const w = (size: number, write: (b: Buffer) => void) => {
    const b = Buffer.alloc(size);
    write(b);
    return b;
  };
  const u16 = (v: number) => w(2, (b) => (le ? b.writeUInt16LE(v) : b.writeUInt16BE(v)));
  const u32 = (v: number) => w(4, (b) => (le ? b.writeUInt32LE(v) : b.writeUInt32BE(v)));
  const i64 = (v: number) => w(8, (b) => (le ? b.writeBigInt64LE(BigInt(v)) : b.writeBigInt64BE(BigInt(v))));
  const shb = block(0x0a0d0d0a, Buffer.concat([u32(0x1a2b3c4d), u16(1), u16(0), Buffer.alloc(8, 0xff)]), le);
  const options = Buffer.concat([u16(14), u16(8), i64(offsetSeconds), u16(0), u16(0)]);
  const idb = block(1, Buffer.concat([u16(pcap.readUInt32LE(20) & 0xffff), u16(0), u32(65535), options]), le);
  const parts = [shb, idb];
  for (let off = 24; off + 16 <= pcap.length; ) {
    const units = BigInt(pcap.readUInt32LE(off)) * 1_000_000n + BigInt(pcap.readUInt32LE(off + 4));
    const caplen = pcap.readUInt32LE(off + 8);
    const data = pcap.subarray(off + 16, off + 16 + caplen);
    parts.push(block(6, Buffer.concat([u32(0), u32(Number(units >> 32n)), u32(Number(units & 0xffffffffn)), u32(caplen), u32(pcap.readUInt32LE(off + 12)), data]), le));
    off += 16 + caplen;
  }
  return Buffer.concat(parts);
}

test('if_tsoffset is added to every timestamp of its interface, as tshark does', async () => {
  const pcap = readFileSync(join(SHARED_FIXTURES, 'pcap', 'zeek__pipelined-requests.pcap'));
  for (const [offset, le] of [
    [-365 * 86_400, true],
    [3_600, false],
  ] as const) {
    const file = tempCapture(withTsOffset(pcap, offset, le), `offset-${offset}.pcapng`);
    const shown = spawnSync('tshark', ['-r', file, '-T', 'fields', '-e', 'frame.time_epoch'], { encoding: 'utf8' });
    expect(shown.status, shown.stderr).toBe(0);
    const epochs = shown.stdout.trim().split('\n');
    const seen: string[] = [];
    const r = await extractCaptures([file], { fingerprintKey: 'k' }, (e) => seen.push(`${e.ts} #${e.source?.packet}`));
    expect(r.errors).toEqual([]);
    expect(seen).toHaveLength(5);
    // Each record's time is tshark's time of the packet its request starts in.
    expect(seen).toEqual(seen.map((s) => {
      const packet = Number(s.split('#')[1]);
      return `${new Date(Math.floor(Number(epochs[packet - 1]) * 1000)).toISOString()} #${packet}`;
    }));
    expect(seen[0].startsWith(offset < 0 ? '2008-11-18' : '2009-11-18T21')).toBe(true);
  }
});
