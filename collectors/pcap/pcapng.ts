import type { CaptureParser, PacketSink } from './packet-sink';
import { DamageSearch } from './damage-search';

export const PCAPNG_SHB = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const IDB = 1;
const OPB = 2; // obsolete Packet Block, still written by old tools
const SPB = 3;
const EPB = 6;
const MAX_BLOCK = 1 << 24;
/** Block types of the pcapng registry (SHB, IDB, packets, name resolution, statistics, IRIG, ARINC, journal, secrets, custom). */
const KNOWN_TYPES = new Set([PCAPNG_SHB, IDB, OPB, SPB, 4, 5, EPB, 7, 8, 9, 0x0a, 0xbad, 0x40000bad]);
/** Blocks that must follow one another intact for a place to count as the end of damage. */
const CHAIN = 2;

interface InterfaceInfo {
  linkType: number;
  snaplen: number;
  /** Timestamp units per millisecond (if_tsresol; default microseconds). */
  unitsPerMs: number;
  /** if_tsoffset in milliseconds: added to every timestamp of the interface (the spec's seconds, signed). */
  offsetMs: number;
}

/**
 * pcapng (draft-ietf-opsawg-pcapng): sections with their own byte order, several interfaces each with its
 * own link type and timestamp resolution. Blocks other than SHB/IDB/EPB/SPB/OPB are skipped by length.
 *
 * A damaged block (its length impossible or not repeated at its end, a packet block that overruns itself or names
 * no interface) does not end the file: the parser looks for the next place where two known blocks follow one
 * another, each with its length at both ends, goes on from there and says how many bytes it passed over (as the
 * classic parser does, classic-pcap.ts). Damage before the section header makes the file unreadable, as before.
 */
export class PcapngParser implements CaptureParser {
  packets = 0;
  readonly damage = new DamageSearch();
  private readonly intact = (buf: Buffer, off: number, len: number) => this.intactAt(buf, off, len);
  private le = true;
  started = false;
  private interfaces: InterfaceInfo[] = [];
  /** Parsing the input's last bytes (parse's `last`). */
  private final = false;
  /** The time of the last packet that had one (NaN: none yet), for simple packet blocks, which carry none. */
  private lastMs = NaN;
  /** Packets of simple packet blocks, dated with lastMs (or undatedMs before any): said in a warning. */
  readonly undated = { packets: 0, first: 0, beforeAnyTime: false };

  /** `undatedMs`: the time given to packets without one before any packet had one (the file's modification time). */
  constructor(private readonly undatedMs = 0) {}

  parse(buf: Buffer, sink: PacketSink, last = false): number | { invalid: string } {
    this.final = last;
    let off = 0;
    const len = buf.length;
    while (off + 12 <= len) {
      if (this.damage.problem !== undefined) {
        off = this.damage.search(buf, off, len, 12, this.packets, this.intact);
        if (this.damage.problem !== undefined) break;
        continue;
      }
      const typeLE = buf.readUInt32LE(off);
      if (typeLE === PCAPNG_SHB) {
        const bom = buf.readUInt32LE(off + 8);
        if (bom === BYTE_ORDER_MAGIC) this.le = true;
        else if (buf.readUInt32BE(off + 8) === BYTE_ORDER_MAGIC) this.le = false;
        else if (!this.started) return { invalid: `pcapng section header has a bad byte-order magic` };
        else {
          off = this.damagedAt(`packet ${this.packets + 1}: pcapng section header has a bad byte-order magic`, off);
          continue;
        }
        this.started = true;
        this.interfaces = [];
      } else if (!this.started) {
        return { invalid: `not a pcapng file (magic ${buf.toString('hex', 0, 4)})` };
      }
      const le = this.le;
      const type = le ? typeLE : buf.readUInt32BE(off);
      const blockLen = le ? buf.readUInt32LE(off + 4) : buf.readUInt32BE(off + 4);
      if (blockLen < 12 || blockLen % 4 !== 0 || blockLen > MAX_BLOCK) {
        off = this.damagedAt(`packet ${this.packets + 1}: pcapng block length ${blockLen} is corrupt`, off);
        continue;
      }
      if (off + blockLen > len) break;
      if (this.u32(buf, off + blockLen - 4) !== blockLen) {
        off = this.damagedAt(`packet ${this.packets + 1}: pcapng block length ${blockLen} is not repeated at its end`, off);
        continue;
      }
      const problem = this.block(buf, off, type, blockLen, sink);
      if (problem !== undefined) {
        off = this.damagedAt(`packet ${this.packets + 1}: ${problem}`, off);
        continue;
      }
      off += blockLen;
    }
    return off;
  }

  /** Reads one whole block; returns what is wrong with it (damage) or undefined. */
  private block(buf: Buffer, off: number, type: number, blockLen: number, sink: PacketSink): string | undefined {
    const body = off + 8;
    const bodyEnd = off + blockLen - 4;
    if (type === EPB || type === OPB) {
      if (bodyEnd - body < 20) return 'short packet block';
      const ifId = type === EPB ? this.u32(buf, body) : this.u16(buf, body);
      const iface = this.interfaces[ifId];
      if (!iface) return `unknown interface ${ifId}`;
      const hi = this.u32(buf, body + 4);
      const lo = this.u32(buf, body + 8);
      const caplen = this.u32(buf, body + 12);
      const dataStart = body + 20;
      if (dataStart + caplen > bodyEnd) return 'captured length overruns its block';
      this.packets++;
      const ts = (hi * 4294967296 + lo) / iface.unitsPerMs + iface.offsetMs;
      this.lastMs = ts;
      sink.packet(iface.linkType, buf, dataStart, dataStart + caplen, ts);
    } else if (type === SPB) {
      const iface = this.interfaces[0];
      if (!iface) return 'simple packet block before any interface';
      const origLen = this.u32(buf, body);
      const avail = bodyEnd - body - 4;
      const caplen = Math.min(origLen, avail, iface.snaplen > 0 ? iface.snaplen : avail);
      this.packets++;
      // SPBs carry no time (tshark shows none). Blocks are written in capture order, so the packet came no earlier
      // than the one before it; dated 0, its exchanges were reported and stored in January 1970.
      if (this.undated.packets++ === 0) this.undated.first = this.packets;
      if (Number.isNaN(this.lastMs)) this.undated.beforeAnyTime = true;
      sink.packet(iface.linkType, buf, body + 4, body + 4 + caplen, Number.isNaN(this.lastMs) ? this.undatedMs : this.lastMs, true);
    } else if (type === IDB) {
      this.interfaces.push(this.readInterface(buf, body, bodyEnd));
    }
    return undefined;
  }

  /** Enters the damage at `off`; the search for intact blocks starts past it (it may be intact but for its content). */
  private damagedAt(problem: string, off: number): number {
    this.damage.begin(problem, 1);
    return off + 1;
  }

  /** Whether CHAIN known blocks start at `off`, each with its length at both ends: 1 yes, 0 no, -1 not yet known. */
  private intactAt(buf: Buffer, off: number, len: number): 1 | 0 | -1 {
    let le = this.le;
    for (let i = 0; i < CHAIN; i++) {
      // At the input's end, blocks that end exactly there are as many as follow.
      if (off + 12 > len) return !this.final ? -1 : off === len && i > 0 ? 1 : 0;
      // A section header sets the byte order of what follows it (its type reads the same either way).
      if (buf.readUInt32LE(off) === PCAPNG_SHB) {
        if (buf.readUInt32LE(off + 8) === BYTE_ORDER_MAGIC) le = true;
        else if (buf.readUInt32BE(off + 8) === BYTE_ORDER_MAGIC) le = false;
        else return 0;
      }
      const type = le ? buf.readUInt32LE(off) : buf.readUInt32BE(off);
      const blockLen = le ? buf.readUInt32LE(off + 4) : buf.readUInt32BE(off + 4);
      if (!KNOWN_TYPES.has(type) || blockLen < 12 || blockLen % 4 !== 0 || blockLen > MAX_BLOCK) return 0;
      if (off + blockLen > len) return this.final ? 0 : -1;
      if ((le ? buf.readUInt32LE(off + blockLen - 4) : buf.readUInt32BE(off + blockLen - 4)) !== blockLen) return 0;
      off += blockLen;
    }
    return 1;
  }

  private readInterface(buf: Buffer, body: number, end: number): InterfaceInfo {
    const info: InterfaceInfo = { linkType: this.u16(buf, body), snaplen: this.u32(buf, body + 4), unitsPerMs: 1000, offsetMs: 0 };
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
      } else if (code === 14 && olen === 8 && o + 12 <= end) {
        // if_tsoffset: seconds to add to every timestamp (tshark adds them; a capture's clock set in another epoch).
        info.offsetMs = Number(this.le ? buf.readBigInt64LE(o + 4) : buf.readBigInt64BE(o + 4)) * 1000;
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
