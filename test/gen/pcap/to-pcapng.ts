/**
 * A little-endian classic pcap (as PcapWriter writes it) as pcapng: a section header, one interface with the
 * file's link type and snapshot length, and an enhanced packet block per record (microsecond timestamps).
 * Records numbered (1-based) in `simple` are written as simple packet blocks instead, which carry no time.
 */
export function toPcapng(classic: Buffer, simple: (packet: number) => boolean = () => false): Buffer {
  const blocks: Buffer[] = [];
  const block = (type: number, body: Buffer) => {
    const b = Buffer.alloc(12 + body.length);
    b.writeUInt32LE(type, 0);
    b.writeUInt32LE(b.length, 4);
    body.copy(b, 8);
    b.writeUInt32LE(b.length, b.length - 4);
    blocks.push(b);
  };
  const shb = Buffer.alloc(16, 0xff);
  shb.writeUInt32LE(0x1a2b3c4d, 0);
  shb.writeUInt16LE(1, 4);
  shb.writeUInt16LE(0, 6);
  block(0x0a0d0d0a, shb);
  const idb = Buffer.alloc(8);
  idb.writeUInt16LE(classic.readUInt32LE(20) & 0xffff, 0);
  idb.writeUInt32LE(classic.readUInt32LE(16), 4);
  block(1, idb);
  for (let off = 24, packet = 1; off + 16 <= classic.length; packet++) {
    const caplen = classic.readUInt32LE(off + 8);
    if (simple(packet)) {
      const spb = Buffer.alloc(4 + ((caplen + 3) & ~3));
      spb.writeUInt32LE(classic.readUInt32LE(off + 12), 0);
      classic.copy(spb, 4, off + 16, off + 16 + caplen);
      block(3, spb);
      off += 16 + caplen;
      continue;
    }
    const us = classic.readUInt32LE(off) * 1e6 + classic.readUInt32LE(off + 4);
    const body = Buffer.alloc(20 + ((caplen + 3) & ~3));
    body.writeUInt32LE(0, 0);
    body.writeUInt32LE(Math.floor(us / 4294967296), 4);
    body.writeUInt32LE(us % 4294967296, 8);
    body.writeUInt32LE(caplen, 12);
    body.writeUInt32LE(classic.readUInt32LE(off + 12), 16);
    classic.copy(body, 20, off + 16, off + 16 + caplen);
    block(6, body);
    off += 16 + caplen;
  }
  return Buffer.concat(blocks);
}
