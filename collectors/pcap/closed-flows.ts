/**
 * Where recently closed connections had got to, so that a late copy of their bytes does not open a phantom
 * flow. Mirrors duplicate packets and paths retransmit: a segment captured after both FINs (a duplicate
 * delayed past them, a retransmission whose ACK was lost) used to start a new mid-stream connection, which
 * counted a flow that never existed and parsed the copy again — a response as unpaired, a request as a
 * second exchange. A segment that lies wholly before where its direction had got to is such a copy; anything
 * else (a new connection on the same 4-tuple whose SYN was not captured, a flow resumed after an idle close)
 * starts a flow as before. Found on captures behind a lossy, duplicating path (pcap-lossy-path.test.ts).
 */
const MAX_REMEMBERED = 4096;
/** Sequence numbers wrap: "before" means within a quarter of the space behind. */
const BEHIND = 1 << 30;

interface Closed {
  /** Next expected sequence number per direction at the close (-1: that side was never seen). */
  next: [number, number];
  at: number;
}

export class ClosedFlows {
  private readonly byKey = new Map<string, Closed>();

  constructor(private readonly forMs: number) {}

  /** Forgets every flow (the input started over: a capture that is not the previous one's continuation). */
  clear(): void {
    this.byKey.clear();
  }

  remember(k1: number | string, k2: number, net: number, next0: number, next1: number, at: number): void {
    const key = keyOf(k1, k2, net);
    this.byKey.delete(key);
    if (this.byKey.size >= MAX_REMEMBERED) this.byKey.delete(this.byKey.keys().next().value!);
    this.byKey.set(key, { next: [next0, next1], at });
  }

  /** Whether a segment (no SYN) of no live connection repeats bytes a connection closed within forMs had. */
  isLateCopy(k1: number | string, k2: number, net: number, dir: 0 | 1, seq: number, len: number, now: number): boolean {
    if (this.byKey.size === 0) return false;
    const key = keyOf(k1, k2, net);
    const closed = this.byKey.get(key);
    if (closed === undefined) return false;
    if (now - closed.at > this.forMs) {
      this.byKey.delete(key);
      return false;
    }
    const next = closed.next[dir];
    return next !== -1 && ((seq + len - next) | 0) <= 0 && ((next - seq) | 0) < BEHIND;
  }
}

/** Another tenant's flow on the same endpoints (another VNI) is no copy of this one's bytes. */
function keyOf(k1: number | string, k2: number, net: number): string {
  return net === 0 ? `${k1}|${k2}` : `${k1}|${k2}|${net}`;
}
