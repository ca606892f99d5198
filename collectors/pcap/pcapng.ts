import type { CaptureParser, PacketSink } from './packet-sink';

export const PCAPNG_SHB = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const IDB = 1;
const OPB = 2; // obsolete Packet Block, still written by old tools
const SPB = 3;
const EPB = 6;
const MAX_BLOCK = 1 << 24;

interface InterfaceInfo {
  linkType: number;
  snaplen: number;
  /** Timestamp units per millisecond (if_tsresol; default microseconds). */
  unitsPerMs: number;
}

/**
 * pcapng (draft-ietf-opsawg-pcapng): sections with their own byte order, several interfaces each with its
 * own link type and timestamp resolution. Blocks other than SHB/IDB/EPB/SPB/OPB are skipped by length.
 */
export class PcapngParser implements CaptureParser {
  packets = 0;
  private le = true;
  started = false;
  private interfaces: InterfaceInfo[] = [];

  parse(buf: Buffer, sink: PacketSink): number | { invalid: string } {
    let off = 0;
    const len = buf.length;
    while (off + 12 <= len) {
      const typeLE = buf.readUInt32LE(off);
      if (typeLE === PCAPNG_SHB) {
        const bom = buf.readUInt32LE(off + 8);
        if (bom === BYTE_ORDER_MAGIC) this.le = true;
        else if (buf.readUInt32BE(off + 8) === BYTE_ORDER_MAGIC) this.le = false;
        else return { invalid: `pcapng section header has a bad byte-order magic` };
        this.started = true;
        this.interfaces = [];
      } else if (!this.started) {
        return { invalid: `not a pcapng file (magic ${buf.toString('hex', 0, 4)})` };
      }
      const le = this.le;
      const type = le ? typeLE : buf.readUInt32BE(off);
      const blockLen = le ? buf.readUInt32LE(off + 4) : buf.readUInt32BE(off + 4);
      if (blockLen < 12 || blockLen % 4 !== 0 || blockLen > MAX_BLOCK) {
        return { invalid: `packet ${this.packets + 1}: pcapng block length ${blockLen} is corrupt` };
      }
      if (off + blockLen > len) break;
      const body = off + 8;
      const bodyEnd = off + blockLen - 4;
      if (type === EPB || type === OPB) {
        if (bodyEnd - body < 20) return { invalid: `packet ${this.packets + 1}: short packet block` };
        const ifId = type === EPB ? this.u32(buf, body) : this.u16(buf, body);
        const iface = this.interfaces[ifId];
        if (!iface) return { invalid: `packet ${this.packets + 1}: unknown interface ${ifId}` };
        const hi = this.u32(buf, body + 4);
        const lo = this.u32(buf, body + 8);
        const caplen = this.u32(buf, body + 12);
        const dataStart = body + 20;
        if (dataStart + caplen > bodyEnd) return { invalid: `packet ${this.packets + 1}: captured length overruns its block` };
        this.packets++;
        sink.packet(iface.linkType, buf, dataStart, dataStart + caplen, (hi * 4294967296 + lo) / iface.unitsPerMs);
      } else if (type === SPB) {
        const iface = this.interfaces[0];
        if (!iface) return { invalid: `packet ${this.packets + 1}: simple packet block before any interface` };
        const origLen = this.u32(buf, body);
        const avail = bodyEnd - body - 4;
        const caplen = Math.min(origLen, avail, iface.snaplen > 0 ? iface.snaplen : avail);
        this.packets++;
        // SPBs carry no timestamp: 0 keeps ordering stable and makes the gap visible downstream.
        sink.packet(iface.linkType, buf, body + 4, body + 4 + caplen, 0);
      } else if (type === IDB) {
        this.interfaces.push(this.readInterface(buf, body, bodyEnd));
      }
      off += blockLen;
    }
    return off;
  }

  private readInterface(buf: Buffer, body: number, end: number): InterfaceInfo {
    const info: InterfaceInfo = { linkType: this.u16(buf, body), snaplen: this.u32(buf, body + 4), unitsPerMs: 1000 };
    let o = body + 8;
    while (o + 4 <= end) {
      const code = this.u16(buf, o);
      const olen = this.u16(buf, o + 2);
      if (code === 0) break;
      if (code === 9 && olen >= 1 && o + 5 <= end) {
        // if_tsresol: high bit set = power of two, else power of ten, units per second.
        const r = buf[o + 4];
        const perSecond = r & 0x80 ? 2 ** (r & 0x7f) : 10 ** r;
        info.unitsPerMs = perSecond / 1000;
      }
      o += 4 + ((olen + 3) & ~3);
    }
    return info;
  }

  private u32(buf: Buffer, off: number): number {
    return this.le ? buf.readUInt32LE(off) : buf.readUInt32BE(off);
  }

  private u16(buf: Buffer, off: number): number {
    return this.le ? buf.readUInt16LE(off) : buf.readUInt16BE(off);
  }
}
