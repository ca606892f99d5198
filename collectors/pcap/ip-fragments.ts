/**
 * IPv4 and IPv6 fragment reassembly. Mirrors see fragments when tunnels push packets past the MTU
 * (VXLAN adds 50 bytes). Memory is capped in total and per datagram; unfinished datagrams expire.
 */
/**
 * Payload bytes a reassembled datagram may reach: past IPv4's 65 535 on purpose. A Linux VXLAN device fed a
 * 64 KiB segmentation-offload frame by tc sends 65 565 bytes in fragments; Linux and tshark give up on such a
 * datagram, but every byte of it is the sender's, so a capture of it is read whole.
 */
const MAX_DATAGRAM = 65535 + 40;
const MAX_TOTAL = 16 << 20;
const TIMEOUT_MS = 30_000;
/**
 * Fragments one datagram may arrive in: a 65 535-byte datagram at IPv4's smallest MTU (68) takes 1 366. More are
 * a flood of tiny fragments (a mirror port takes datagrams from anyone), dropped rather than held and sorted.
 */
const MAX_PARTS = 2048;

const DISJOINT = 0;
const DUPLICATE = 1;
const OVERLAP = 2;

/**
 * How fragment [off, end) meets the parts held (in offset order, none overlapping; `i` is where it would go), as
 * Linux's inet_frag_queue_insert judges it for IPv4 and IPv6 alike (since 4.19, after FragmentSmack): wholly inside a
 * run of adjacent parts it is a DUPLICATE, ignored (the first copy stands); any other overlap (RFC 5722 §4 for IPv6,
 * with erratum 3089 for duplicates) makes the datagram one the receiver discarded, so it is dropped whole. The
 * server never saw what such a datagram would say: a later copy winning, as here until 6 Dec, reported bytes an
 * attacker or a broken middlebox wrote instead. tshark keeps the first copy and flags the conflict.
 */
function overlapAt(parts: Pending['parts'], i: number, off: number, end: number): number {
  const prev = i > 0 ? parts[i - 1] : undefined;
  const intoPrev = prev !== undefined && prev.off + prev.data.length > off;
  if (!intoPrev && (i === parts.length || parts[i].off >= end)) return DISJOINT;
  if (!intoPrev) return OVERLAP;
  // Inside the run that starts with prev?
  let covered = prev.off + prev.data.length;
  for (let k = i; covered < end && k < parts.length && parts[k].off === covered; k++) covered += parts[k].data.length;
  return covered >= end ? DUPLICATE : OVERLAP;
}

interface Pending {
  parts: { off: number; data: Buffer }[];
  /** Total payload length once the last fragment (MF=0) is seen. */
  total: number;
  bytes: number;
  firstSeen: number;
}

export class FragmentReassembler {
  private pending = new Map<string, Pending>();
  private bytes = 0;
  dropped = 0;

  /**
   * Adds one fragment's payload; returns the whole transport payload when the datagram is complete.
   * `key` identifies the datagram (addresses, id, protocol).
   */
  add(key: string, fragOff: number, more: boolean, data: Buffer, tsMs: number): Buffer | undefined {
    let p = this.pending.get(key);
    if (p && tsMs - p.firstSeen > TIMEOUT_MS) {
      // What is left of an older datagram with the same id (ids wrap): expired here, since the sweep below runs
      // only every 256 datagrams, and joined to this one it gave a datagram made of two.
      this.drop(key, p);
      p = undefined;
    }
    if (!p) {
      if (this.pending.size > 0 && this.pending.size % 256 === 0) this.expire(tsMs);
      p = { parts: [], total: -1, bytes: 0, firstSeen: tsMs };
      this.pending.set(key, p);
    }
    const end = fragOff + data.length;
    if (end > MAX_DATAGRAM || this.bytes + data.length > MAX_TOTAL || p.parts.length >= MAX_PARTS || !this.fitsEnd(p, end, more)) {
      this.drop(key, p);
      return undefined;
    }
    // Kept in offset order as they come: sorting all of them again for every fragment was quadratic in their number.
    let i = p.parts.length;
    while (i > 0 && p.parts[i - 1].off > fragOff) i--;
    const overlap = overlapAt(p.parts, i, fragOff, end);
    if (overlap === DUPLICATE) return undefined;
    if (overlap === OVERLAP) {
      this.drop(key, p);
      return undefined;
    }
    p.parts.splice(i, 0, { off: fragOff, data: Buffer.from(data) });
    p.bytes += data.length;
    this.bytes += data.length;
    if (!more) p.total = end;
    // Whole only once the bytes held can cover it (overlaps aside): no scan before.
    if (p.total < 0 || p.bytes < p.total) return undefined;
    let covered = 0;
    for (const part of p.parts) {
      if (part.off > covered) return undefined;
      covered = Math.max(covered, part.off + part.data.length);
    }
    if (covered < p.total) return undefined;
    const out = Buffer.alloc(p.total);
    for (const part of p.parts) part.data.copy(out, part.off);
    this.pending.delete(key);
    this.bytes -= p.bytes;
    return out;
  }

  /**
   * Whether a fragment ending at `end` agrees with the datagram's end: as Linux's ip_frag_queue judges it, a
   * second last fragment with another end, a last fragment short of data already held, or data past the known
   * end make the datagram corrupt (it is dropped whole; nothing of it is guessed).
   */
  private fitsEnd(p: Pending, end: number, more: boolean): boolean {
    if (!more) {
      if (p.total >= 0) return end === p.total;
      return p.parts.every((part) => part.off + part.data.length <= end);
    }
    return p.total < 0 || end <= p.total;
  }

  private drop(key: string, p: Pending): void {
    this.pending.delete(key);
    this.bytes -= p.bytes;
    this.dropped++;
  }

  private expire(nowMs: number): void {
    for (const [key, p] of this.pending) {
      if (nowMs - p.firstSeen > TIMEOUT_MS) this.drop(key, p);
    }
  }
}
