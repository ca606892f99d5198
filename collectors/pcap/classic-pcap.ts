import type { CaptureParser, PacketSink } from './packet-sink';
import { DamageSearch } from './damage-search';
import { u32be, u32le } from './byte-reads';

/** libpcap magic numbers: microsecond and nanosecond (a1b23c4d) timestamps, either byte order. */
export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;
/** A record longer than this is corruption, not a packet (libpcap's own limit is 256 KiB; jumbo TSO ≤ 256 KiB). */
const MAX_RECORD = 1 << 18;
/** A record this far (seconds) from the one before it is believed only if records follow it intact (intactAt). */
const JUMP_S = 86_400;
/** Records that must follow one another, each where the last ends, for a place to count as intact... */
const CHAIN = 3;
/** ...within this many seconds of each other, and of the last packet before the damage (or up to JUMP_S after it). */
const SPREAD_S = 3_600;

/**
 * Classic libpcap files, both byte orders and both timestamp precisions. Used for nanosecond files (which
 * pcap-parser rejects) and as the fast path when the benchmark shows pcap-parser is the bottleneck.
 *
 * Damage in the middle of a file (a corrupt record length, a zero-filled hole left by a crash or a copy made
 * while the file was written, bytes lost or doubled) does not end the file. A record is doubted when its length is
 * impossible, its header all zeros, its time a day off the last, its captured length over its wire length or its
 * fraction out of range; it is damage when CHAIN records do not follow it intact (intactAt). The parser then looks
 * for the next place where they do, close in time to the last trusted packet, goes on from there and says how many
 * bytes it passed over (`skipped`). A clock stepped by a day, or a writer that gets wire lengths or fractions wrong
 * on every record, is still read: their records chain.
 */
export class ClassicPcapParser implements CaptureParser {
  packets = 0;
  readonly damage = new DamageSearch();
  /** After damage, another capture's global header ends it as well as intact records do. */
  private readonly intact = (buf: Buffer, off: number, len: number) => {
    const section = this.sectionAt(buf, off, len, false);
    return section !== 0 ? section : this.intactAt(buf, off, len, true);
  };
  private le = true;
  private fracPerMs = 1000;
  private linkType = -1;
  /** Seconds of the last packet read (-1: none yet). */
  private lastSec = -1;
  /** Packets read in a row without a doubt: the last one's time is trusted to find the records after damage by. */
  private run = 0;
  /** In damage: whether lastSec is trusted (a misread first record must not steer the search). */
  private anchored = false;
  /** Parsing the input's last bytes (parse's `last`). */
  private final = false;

  get started(): boolean {
    return this.linkType >= 0;
  }

  parse(buf: Buffer, sink: PacketSink, last = false): number | { invalid: string } {
    this.final = last;
    let off = 0;
    if (this.linkType < 0) {
      if (buf.length < 24) return 0;
      const be = buf.readUInt32BE(0);
      const le = buf.readUInt32LE(0);
      if (be === PCAP_MAGIC_US || be === PCAP_MAGIC_NS) this.le = false;
      else if (le === PCAP_MAGIC_US || le === PCAP_MAGIC_NS) this.le = true;
      else return { invalid: `not a pcap file (magic ${buf.toString('hex', 0, 4)})` };
      this.readHeader(buf, 0);
      off = 24;
    }
    let le = this.le;
    const len = buf.length;
    let fracLimit = this.fracPerMs * 1000;
    while (off + 16 <= len) {
      if (this.damage.problem !== undefined) {
        off = this.damage.search(buf, off, len, 16, this.packets, this.intact);
        if (this.damage.problem !== undefined) break;
        continue;
      }
      const sec = le ? u32le(buf, off) : u32be(buf, off);
      const frac = le ? u32le(buf, off + 4) : u32be(buf, off + 4);
      const caplen = le ? u32le(buf, off + 8) : u32be(buf, off + 8);
      const wire = le ? u32le(buf, off + 12) : u32be(buf, off + 12);
      // One test of the raw fields per record; why it failed is worked out only when it does.
      if (caplen > MAX_RECORD || wire < caplen || frac >= fracLimit || wire === 0 || (this.lastSec !== -1 && (sec > this.lastSec + JUMP_S || sec < this.lastSec - JUMP_S))) {
        // Another capture's global header (cat a.pcap b.pcap, or two gzip members): a new section, not damage.
        const section = this.sectionAt(buf, off, len, true);
        if (section === -1) break;
        if (section === 1) {
          le = this.le;
          fracLimit = this.fracPerMs * 1000;
          off += 24;
          continue;
        }
        const doubt = this.suspect(sec, frac, caplen, wire);
        if (doubt !== undefined) {
          const intact = this.intactAt(buf, off, len, doubt.strict);
          if (intact === -1) break;
          if (intact === 0) {
            this.damage.begin(doubt.problem);
            this.anchored = this.run >= CHAIN;
            this.run = 0;
            continue;
          }
        }
      }
      const end = off + 16 + caplen;
      if (end > len) break;
      this.packets++;
      this.run++;
      this.lastSec = sec;
      sink.packet(this.linkType, buf, off + 16, end, sec * 1000 + frac / this.fracPerMs);
      off = end;
    }
    return off;
  }

  /** Takes byte order, time precision and link type from the global header at `off` (its magic already known good). */
  private readHeader(buf: Buffer, off: number): void {
    const magic = u32le(buf, off);
    this.le = magic === PCAP_MAGIC_US || magic === PCAP_MAGIC_NS;
    this.fracPerMs = this.u32(buf, off) === PCAP_MAGIC_NS ? 1e6 : 1e3;
    // The low 16 bits are the link type; the upper bits carry FCS flags (pcap-linktype(7)).
    this.linkType = this.u32(buf, off + 20) & 0xffff;
  }

  /**
   * Whether another capture's global header starts at `off` where a record was expected (captures joined end to
   * end): its magic in either byte order, version 2.x, and records that follow it intact as it describes them, or
   * nothing at all at the input's end. A damaged record that merely starts with a magic fails the version or the
   * records. 1 yes (with `apply`, what follows is read as the header says, as a new section), 0 no, -1 not yet known.
   */
  private sectionAt(buf: Buffer, off: number, len: number, apply: boolean): 1 | 0 | -1 {
    if (off + 4 > len) return this.final ? 0 : -1;
    const magic = u32le(buf, off);
    const swapped = u32be(buf, off);
    if (magic !== PCAP_MAGIC_US && magic !== PCAP_MAGIC_NS && swapped !== PCAP_MAGIC_US && swapped !== PCAP_MAGIC_NS) return 0;
    if (off + 24 > len) return this.final ? 0 : -1;
    const { le, fracPerMs, linkType, anchored } = this;
    this.readHeader(buf, off);
    const major = this.le ? buf.readUInt16LE(off + 4) : buf.readUInt16BE(off + 4);
    // A new section's first records are not held to the time of the last packet before it.
    this.anchored = false;
    let found: 1 | 0 | -1 = 0;
    if (major === 2) found = this.final && off + 24 === len ? 1 : this.intactAt(buf, off + 24, len, true);
    if (found === 1 && apply) {
      this.lastSec = -1;
      this.run = 0;
      return 1;
    }
    this.le = le;
    this.fracPerMs = fracPerMs;
    this.linkType = linkType;
    this.anchored = anchored;
    return found;
  }

  /**
   * Why a record may be damage, and whether the records after it are checked strictly (intactAt); undefined: it is
   * read as it is, as it nearly always is.
   */
  private suspect(sec: number, frac: number, caplen: number, wire: number): { problem: string; strict: boolean } | undefined {
    const n = this.packets + 1;
    if (caplen > MAX_RECORD) return { problem: `packet ${n}: record length ${caplen} is corrupt`, strict: true };
    if (caplen === 0 && sec === 0 && wire === 0 && frac === 0) return { problem: `packet ${n}: record header is all zeros`, strict: true };
    if (this.lastSec !== -1 && Math.abs(sec - this.lastSec) > JUMP_S) return { problem: `packet ${n}: record time jumps ${Math.round((sec - this.lastSec) / 86_400)} days`, strict: true };
    // A header read from the middle of a damaged one: its length may take good records with it. Some writers get
    // these two fields wrong throughout, so the records that follow it are checked leniently.
    if (wire < caplen) return { problem: `packet ${n}: record length ${caplen} is more than its wire length ${wire}`, strict: false };
    if (frac >= this.fracPerMs * 1000) return { problem: `packet ${n}: record time fraction ${frac} is out of range`, strict: false };
    return undefined;
  }

  /**
   * Whether CHAIN records start at `off`, each where the one before ends, each with a captured length from 1 to
   * MAX_RECORD, within SPREAD_S of each other; after damage also each no longer than its wire length, with a
   * fraction below one second, and close to the last packet trusted before it: 1 yes, 0 no, -1 not yet known.
   */
  private intactAt(buf: Buffer, off: number, len: number, strict: boolean): 1 | 0 | -1 {
    let first = -1;
    for (let i = 0; i < CHAIN; i++) {
      // At the input's end, records that end exactly there are as many as follow.
      if (off + 16 > len) return !this.final ? -1 : off === len && i > 0 ? 1 : 0;
      const sec = this.u32(buf, off);
      const caplen = this.u32(buf, off + 8);
      if (caplen === 0 || caplen > MAX_RECORD) return 0;
      // Strict after damage and for a suspect time or length: a header read four bytes late chains as well as the
      // real ones when records have equal wire and captured lengths. Lenient for records suspect only by these
      // two fields, which some writers get wrong throughout: their records must still chain.
      if (strict && (this.u32(buf, off + 12) < caplen || this.u32(buf, off + 4) >= this.fracPerMs * 1000)) return 0;
      if (i === 0) {
        first = sec;
        if (strict && this.anchored && this.damage.problem !== undefined && (sec < this.lastSec - SPREAD_S || sec > this.lastSec + JUMP_S)) return 0;
      } else if (Math.abs(sec - first) > SPREAD_S) return 0;
      off += 16 + caplen;
      if (this.final && off > len) return 0;
    }
    return 1;
  }

  private u32(buf: Buffer, off: number): number {
    return this.le ? u32le(buf, off) : u32be(buf, off);
  }
}
