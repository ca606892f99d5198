import type { Header } from './http1-head';
import { decodeHuffman } from './hpack-huffman';

/** A dynamic table entry; `name` is undefined for one whose name referred to a forgotten entry. */
interface Entry {
  name: string | undefined;
  value: string;
  /** Exact for known entries; for unknown names, the least it can be (value and overhead). */
  size: number;
}

/** RFC 7541 Appendix A. */
const STATIC_FIELDS: readonly Header[] = [
  [':authority', ''], [':method', 'GET'], [':method', 'POST'], [':path', '/'], [':path', '/index.html'], [':scheme', 'http'],
  [':scheme', 'https'], [':status', '200'], [':status', '204'], [':status', '206'], [':status', '304'], [':status', '400'],
  [':status', '404'], [':status', '500'], ['accept-charset', ''], ['accept-encoding', 'gzip, deflate'], ['accept-language', ''],
  ['accept-ranges', ''], ['accept', ''], ['access-control-allow-origin', ''], ['age', ''], ['allow', ''], ['authorization', ''],
  ['cache-control', ''], ['content-disposition', ''], ['content-encoding', ''], ['content-language', ''], ['content-length', ''],
  ['content-location', ''], ['content-range', ''], ['content-type', ''], ['cookie', ''], ['date', ''], ['etag', ''], ['expect', ''],
  ['expires', ''], ['from', ''], ['host', ''], ['if-match', ''], ['if-modified-since', ''], ['if-none-match', ''], ['if-range', ''],
  ['if-unmodified-since', ''], ['last-modified', ''], ['link', ''], ['location', ''], ['max-forwards', ''], ['proxy-authenticate', ''],
  ['proxy-authorization', ''], ['range', ''], ['referer', ''], ['refresh', ''], ['retry-after', ''], ['server', ''], ['set-cookie', ''],
  ['strict-transport-security', ''], ['transfer-encoding', ''], ['user-agent', ''], ['vary', ''], ['via', ''], ['www-authenticate', ''],
];
const STATIC: readonly Entry[] = STATIC_FIELDS.map(([name, value]) => ({ name, value, size: 0 }));
const EMPTY = Buffer.alloc(0);
/** Per-entry overhead in the table size (RFC 7541 §4.1). */
const ENTRY_OVERHEAD = 32;
/**
 * Most of a table the decoder keeps (a connection's memory): a peer may raise SETTINGS_HEADER_TABLE_SIZE to 2^32-1
 * (RFC 9113 §6.5.2) and its encoder use it all, so a larger table keeps its newest entries this large (shed()).
 */
export const HPACK_MAX_TABLE = 1 << 16;
/** Header fields kept per block; the rest are decoded (the table needs them) and dropped. */
const MAX_FIELDS = 256;
/**
 * Longest header name assumed when deciding whether an entry with a forgotten name fitted the table (RFC
 * 7541 §4.4: one larger than the table is not added, which would shift every older index). Encoders do not
 * index entries that cannot fit (nghttp2: over 3/4 of the table; Go: over the table), and names this long
 * are not seen, so being wrong takes both a pathological encoder and name.
 */
const ASSUMED_NAME_MAX = 256;

/**
 * HPACK header block decoder (RFC 7541) that can lose its history. After `forget()` (a capture hole ate
 * header blocks) the older entries are unknown, but index 62 + i always names the i-th newest insertion,
 * whatever was evicted since (eviction takes the oldest first and the sender never refers to an entry it
 * evicted), so entries inserted from then on resolve exactly as long as each insertion is known to have
 * added an entry, which depends only on its size and the table's maximum (kept from before the hole; a
 * size update inside a hole cannot be seen). References past what is known count in `unknown` instead of
 * failing the connection; so does a literal whose name is a forgotten entry, which is still inserted (its
 * name unknown) when it surely fitted. Values are latin1, as on the wire; names are lowercased (RFC 9113
 * §8.2.1 requires it; in latin1 the length, hence the table size, does not change).
 */
export class HpackDecoder {
  /** Fields of the last decoded block whose name (hence the meaning of their value) is unknown. */
  unknown = 0;
  private entries: Entry[] = [];
  /** Sum of entry sizes (a lower bound when some names are unknown). */
  private size = 0;
  private maxSize = 4096;
  private forgotten = false;
  /** Entries were shed for memory (shed()): references past those kept are unknown, as after forget(). */
  private shedding = false;
  private p = 0;
  private block: Buffer = EMPTY;
  private end = 0;

  /** The table's older contents are gone; its size limit is kept. */
  forget(): void {
    this.forgetEntries();
    this.forgotten = true;
  }

  /** Whether `forget()` was ever called: references to entries it does not hold are unknown, not errors. */
  get lostHistory(): boolean {
    return this.forgotten;
  }

  private forgetEntries(): void {
    this.entries = [];
    this.size = 0;
  }

  /** Decodes one complete header block; `undefined` when it is not valid HPACK (or not HPACK at all). */
  decode(block: Buffer, start: number, end: number): Header[] | undefined {
    this.block = block;
    this.p = start;
    this.end = end;
    this.unknown = 0;
    const headers = this.fields();
    this.block = EMPTY;
    return headers;
  }

  private fields(): Header[] | undefined {
    const block = this.block;
    const headers: Header[] = [];
    while (this.p < this.end) {
      const b = block[this.p];
      if (b & 0x80) {
        const index = this.int(7);
        if (index <= 0) return undefined;
        const field = this.lookup(index);
        if (field === undefined) return undefined;
        if (field === null || field.name === undefined) this.unknown++;
        else if (headers.length < MAX_FIELDS) headers.push([field.name, field.value]);
      } else if ((b & 0xe0) === 0x20) {
        // Any size up to the decoder's SETTINGS_HEADER_TABLE_SIZE (RFC 7541 §6.3), which the capture may not hold:
        // until 6 Dec one over 64 KiB was invalid HPACK, and the h2c connection ended there.
        const size = this.int(5);
        if (size < 0 || size > 2 ** 32 - 1) return undefined;
        this.maxSize = size;
        this.evict(0);
      } else {
        // 01: literal with incremental indexing; 0000 and 0001: without indexing / never indexed.
        const indexed = (b & 0x40) !== 0;
        const nameIndex = this.int(indexed ? 6 : 4);
        if (nameIndex < 0) return undefined;
        let name: string | undefined;
        let olderThanKnown = false;
        if (nameIndex === 0) {
          name = this.str()?.toLowerCase();
          if (name === undefined) return undefined;
        } else {
          const field = this.lookup(nameIndex);
          if (field === undefined) return undefined;
          name = field?.name;
          olderThanKnown = field === null;
        }
        const value = this.str();
        if (value === undefined) return undefined;
        if (name === undefined) {
          this.unknown++;
          if (indexed) this.insertUnnamed(value, olderThanKnown);
          continue;
        }
        if (indexed) this.insert(name, value);
        if (headers.length < MAX_FIELDS) headers.push([name, value]);
      }
    }
    return headers;
  }

  /** The entry an index names; `null` when older than what the decoder still knows, `undefined` when invalid. */
  private lookup(index: number): Entry | null | undefined {
    if (index <= STATIC.length) return STATIC[index - 1];
    const i = this.entries.length - 1 - (index - STATIC.length - 1);
    if (i >= 0) return this.entries[i];
    return this.forgotten || this.shedding ? null : undefined;
  }

  private insert(name: string, value: string): void {
    const size = name.length + value.length + ENTRY_OVERHEAD;
    this.evict(size);
    if (size <= this.maxSize) {
      this.entries.push({ name, value, size });
      this.size += size;
      if (this.size > HPACK_MAX_TABLE) this.shed();
    }
  }

  /**
   * Drops the oldest entries past HPACK_MAX_TABLE. Indexes count from the newest, so the rest still resolve; `size`
   * then undercounts the peer's table, so eviction comes later than the peer's and only keeps entries it no longer uses.
   */
  private shed(): void {
    this.shedding = true;
    let n = 0;
    while (this.size > HPACK_MAX_TABLE) this.size -= this.entries[n++].size;
    this.entries.splice(0, n);
  }

  /**
   * Inserts an entry whose name is unknown. When its referent was older than every known entry, all of
   * those were in the table with it, which bounds the name's length; otherwise ASSUMED_NAME_MAX does.
   */
  private insertUnnamed(value: string, olderThanKnown: boolean): void {
    const least = value.length + ENTRY_OVERHEAD;
    const room = this.maxSize - ENTRY_OVERHEAD - (olderThanKnown ? this.size : 0);
    if (least > this.maxSize) {
      this.forgetEntries(); // too large whatever its name: the table was emptied (RFC 7541 §4.4)
    } else if (room < 0 || least + Math.min(room, ASSUMED_NAME_MAX) > this.maxSize) {
      this.forgetEntries(); // added or not: the position of every older entry is uncertain
    } else {
      // Unknown names count at their least, so only entries surely evicted are dropped.
      this.evict(least);
      this.entries.push({ name: undefined, value, size: least });
      this.size += least;
      if (this.size > HPACK_MAX_TABLE) this.shed();
    }
  }

  /** Evicts oldest entries until `room` more bytes fit (RFC 7541 §4.4). */
  private evict(room: number): void {
    let n = 0;
    while (n < this.entries.length && this.size + room > this.maxSize) this.size -= this.entries[n++].size;
    if (n > 0) this.entries.splice(0, n);
  }

  /** An integer with an `prefix`-bit prefix (RFC 7541 §5.1), or -1 when cut short or over 2^35 (2^32-1 table sizes fit). */
  private int(prefix: number): number {
    if (this.p >= this.end) return -1;
    const mask = (1 << prefix) - 1;
    let value = this.block[this.p++] & mask;
    if (value < mask) return value;
    for (let shift = 0; shift <= 28; shift += 7) {
      if (this.p >= this.end) return -1;
      const octet = this.block[this.p++];
      value += (octet & 0x7f) * 2 ** shift;
      if ((octet & 0x80) === 0) return value;
    }
    return -1;
  }

  /** A string literal (RFC 7541 §5.2), or `undefined` when cut short or badly Huffman-coded. */
  private str(): string | undefined {
    if (this.p >= this.end) return undefined;
    const huffman = (this.block[this.p] & 0x80) !== 0;
    const len = this.int(7);
    if (len < 0 || this.p + len > this.end) return undefined;
    const s = this.p;
    this.p += len;
    return huffman ? decodeHuffman(this.block, s, s + len) : this.block.toString('latin1', s, s + len);
  }
}
