import type { CaptureParser, PacketSink } from './packet-sink';
import { u32be, u32le } from './byte-reads';

/** libpcap magic numbers: microsecond and nanosecond (a1b23c4d) timestamps, either byte order. */
export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;
/** A record longer than this is corruption, not a packet (libpcap's own limit is 256 KiB; jumbo TSO ≤ 256 KiB). */
const MAX_RECORD = 1 << 18;

/**
 * Classic libpcap files, both byte orders and both timestamp precisions. Used for nanosecond files (which
 * pcap-parser rejects) and as the fast path when the benchmark shows pcap-parser is the bottleneck.
 */
export class ClassicPcapParser implements CaptureParser {
  packets = 0;
  private le = true;
  private fracPerMs = 1000;
  private linkType = -1;

  get started(): boolean {
    return this.linkType >= 0;
  }

  parse(buf: Buffer, sink: PacketSink): number | { invalid: string } {
    let off = 0;
    if (this.linkType < 0) {
      if (buf.length < 24) return 0;
      const be = buf.readUInt32BE(0);
      const le = buf.readUInt32LE(0);
      if (be === PCAP_MAGIC_US || be === PCAP_MAGIC_NS) this.le = false;
      else if (le === PCAP_MAGIC_US || le === PCAP_MAGIC_NS) this.le = true;
      else return { invalid: `not a pcap file (magic ${buf.toString('hex', 0, 4)})` };
      this.fracPerMs = (this.le ? le : be) === PCAP_MAGIC_NS ? 1e6 : 1e3;
      // The low 16 bits are the link type; the upper bits carry FCS flags (pcap-linktype(7)).
      this.linkType = (this.le ? buf.readUInt32LE(20) : buf.readUInt32BE(20)) & 0xffff;
      off = 24;
    }
    const le = this.le;
    const len = buf.length;
    while (off + 16 <= len) {
      const sec = le ? u32le(buf, off) : u32be(buf, off);
      const frac = le ? u32le(buf, off + 4) : u32be(buf, off + 4);
      const caplen = le ? u32le(buf, off + 8) : u32be(buf, off + 8);
      if (caplen > MAX_RECORD) return { invalid: `packet ${this.packets + 1}: record length ${caplen} is corrupt` };
      const end = off + 16 + caplen;
      if (end > len) break;
      this.packets++;
      sink.packet(this.linkType, buf, off + 16, end, sec * 1000 + frac / this.fracPerMs);
      off = end;
    }
    return off;
  }
}
