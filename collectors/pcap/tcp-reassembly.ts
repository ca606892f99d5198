import type { TcpSegmentSink } from './decode-packet';
import { DEFAULT_TCP_LIMITS, type ConsumerFactory, type TcpCounters, type TcpLimits } from './tcp-stream';
import { u16be, u32be } from './byte-reads';
import { ClosedFlows } from './closed-flows';
import { formatEndpoint } from './endpoint-text';
import { Connection, type Direction, type Segment } from './tcp-connection';
import { TcpFlows } from './tcp-flows';
import { keyUnder, SessionHalves } from './session-halves';

const FIN = 0x01;
const SYN = 0x02;
const RST = 0x04;
/** Capture-time interval between idle sweeps. */
const SWEEP_EVERY_MS = 5_000;

/**
 * Per-flow TCP reassembly: in-order bytes go straight through without copying; out-of-order segments are
 * copied and held up to the per-flow and total caps, past which the hole is declared a capture gap.
 */
export class TcpReassembler extends TcpFlows implements TcpSegmentSink {
  readonly counters: TcpCounters = { flows: 0, gaps: 0, retransmitted: 0, outOfOrder: 0, evicted: 0 };
  /** Packet number of the frame being decoded (1-based); set by the caller before each packet. */
  packet = 0;
  private pendingTotal = 0;
  private lastSweep = 0;

  /**
   * While sweep() or flush() closes connections: the creation packet of the one being closed, else -1.
   * Parallel extraction orders records emitted at the same packet by it (see shard-merge.ts).
   */
  closingCreated = -1;
  /** Connections closed lately, as long as an idle one is kept: their late copies are retransmissions. */
  private readonly closed: ClosedFlows;
  /** Flows of mirror sessions that may be keyed per direction, for their other halves. */
  private readonly halves = new SessionHalves();

  constructor(
    private readonly factory: ConsumerFactory,
    private readonly limits: TcpLimits = DEFAULT_TCP_LIMITS,
    /** Flow sharding: only connections whose endpoint hash is `index` modulo `count` are tracked. */
    private readonly shard: { index: number; count: number } = { index: 0, count: 1 },
  ) {
    super();
    this.closed = new ClosedFlows(limits.idleMs);
  }

  tcpSegment(af: 4 | 6, buf: Buffer, srcOff: number, dstOff: number, tcpOff: number, end: number, missing: number, tsMs: number, net: number): void {
    const sport = u16be(buf, tcpOff);
    const dport = u16be(buf, tcpOff + 2);
    const seq = u32be(buf, tcpOff + 4);
    const flags = buf[tcpOff + 13];
    const dataOff = tcpOff + (buf[tcpOff + 12] >> 4) * 4;
    // One comparison in the common case, as before, now also refusing a data offset under 5 words (damage: the header's
    // own bytes were read as payload and took sequence space). A header longer than the packet is kept if snaplen-cut.
    if ((dataOff - tcpOff - 20) >>> 0 > end - tcpOff - 20 && (missing === 0 || dataOff < tcpOff + 20)) return;
    // Every shard sweeps at the same packets (the check precedes the shard filter), so idle flows close
    // where they would in one thread; other shards' segments are dropped before any key is built.
    if (tsMs - this.lastSweep > SWEEP_EVERY_MS) this.sweep(tsMs);
    if (this.shard.count > 1 && this.shardOf(af, buf, srcOff, dstOff, sport ^ dport, this.shard.count) !== this.shard.index) return;
    // IPv4 endpoints pack into exact 48-bit numbers (address·2^16 + port): a two-level numeric map is
    // several times cheaper per packet than building a string key. IPv6 flows use string keys.
    let dir: 0 | 1;
    let k1: number | string;
    let k2: number;
    let slot = -1;
    if (af === 4) {
      const srcIp = u32be(buf, srcOff);
      const dstIp = u32be(buf, dstOff);
      const a = srcIp * 65536 + sport;
      const b = dstIp * 65536 + dport;
      dir = a <= b ? 0 : 1;
      k1 = dir === 0 ? a : b;
      k2 = dir === 0 ? b : a;
      // XOR is symmetric, so both directions of a flow hash to the same slot and shard. Not the network: the
      // halves of a flow a mirror session keys per direction must meet in one worker (session-halves.ts).
      slot = (Math.imul(srcIp ^ dstIp, 0x9e3779b1) ^ Math.imul(sport ^ dport, 0x85ebca6b)) >>> 20;
    } else {
      const a = `${buf.toString('hex', srcOff, srcOff + 16)}:${sport}`;
      const b = `${buf.toString('hex', dstOff, dstOff + 16)}:${dport}`;
      dir = a <= b ? 0 : 1;
      k1 = dir === 0 ? `${a}|${b}` : `${b}|${a}`;
      if (net !== 0) k1 = `${net}/${k1}`;
      k2 = 0;
    }
    let conn: Connection | undefined;
    if (slot !== -1) {
      const hit = this.recent[slot];
      if (hit !== undefined && hit.k1 === k1 && hit.k2 === k2 && (hit.net === net || hit.pairedNet === net)) conn = hit;
      else {
        conn = this.lookup(k1, k2, net);
        if (conn) this.remember(conn, slot);
      }
    } else conn = this.lookup(k1, k2, net);
    const payloadStart = Math.min(dataOff, end);
    const len = end - payloadStart;
    if (conn && flags & SYN && !(flags & 0x10) && conn.dirs[dir].next !== -1 && ((seq + 1) >>> 0) !== conn.dirs[dir].next && ((seq + 1 + len + missing) >>> 0) !== conn.dirs[dir].next) {
      // A fresh SYN on a known 4-tuple (not the same SYN sent again, with its Fast Open data): the port was reused.
      this.closeConnection(conn);
      conn = undefined;
    }
    if (!conn) {
      // Only a SYN or data opens a flow: the last ACK after both FINs must not resurrect a closed one, nor
      // a late copy of the bytes it had.
      if (flags & RST || (!(flags & SYN) && len === 0 && missing === 0)) return;
      if (net !== 0) conn = this.pairHalf(k1, k2, net, dir, slot, flags, u32be(buf, tcpOff + 8));
      conn ??= this.open(af, buf, srcOff, dstOff, sport, dport, k1, k2, net, dir, slot, flags, seq, len + missing, tsMs);
      if (!conn) return;
    }
    // After its RST a sender has nothing more to say; its peer's in-flight bytes are still taken.
    if (conn.resetBy === dir) return;
    conn.lastSeen = tsMs;
    const d = conn.dirs[dir];
    const peer = conn.dirs[dir ^ 1];
    if (peer.pending && flags & 0x10 && peer.waitsFor === -1 && !peer.waitsForLateBytes(u32be(buf, tcpOff + 8), (len + missing > 0 && seq !== d.next) || (flags & (SYN | FIN | RST)) !== 0, tsMs)) {
      // The peer acknowledges bytes the capture never saw and they did not come soon after: lost by the mirror, not
      // the network, they will never be retransmitted. Declare the gap instead of holding data until the flow ends.
      // In-order data is not the peer saying more: it waits behind the hole (onData, Direction.waitsFor). Nor is
      // the peer's held data waiting for this side's bytes a hole (its ACKs reach past `next`).
      this.skipHole(conn, peer, (dir ^ 1) as 0 | 1);
    }
    if (flags & SYN) return this.syn(conn, d, dir, seq, buf, payloadStart, end, missing, tsMs);
    if (len > 0 || missing > 0) this.onData(conn, d, dir, seq, buf, payloadStart, end, missing, tsMs, tcpOff);
    if (flags & RST) return this.reset(conn, d, dir, tsMs);
    if (conn.resetBy !== -1 && !conn.consumer.expectsMore?.(dir)) return this.closeConnection(conn);
    if (flags & FIN) {
      if (d.next === -1) d.next = seq;
      d.finSeq = (seq + len + missing) >>> 0;
      this.checkFin(conn, d, dir, tsMs);
    }
  }

  /** A method of its own, not code in tcpSegment: what is added to that hot function costs compile time in every run. */
  private syn(conn: Connection, d: Direction, dir: 0 | 1, seq: number, buf: Buffer, start: number, end: number, missing: number, tsMs: number): void {
    if (d.next === -1) d.next = (seq + 1) >>> 0;
    // TCP Fast Open (RFC 7413): the SYN carries the first request, at seq + 1. It was lost, its response unpaired.
    if (end > start || missing > 0) this.onData(conn, d, dir, (seq + 1) >>> 0, buf, start, end, missing, tsMs, -1);
  }

  /** A new connection for a segment no live one owns; undefined for a late copy of a closed one's bytes. */
  private open(af: 4 | 6, buf: Buffer, srcOff: number, dstOff: number, sport: number, dport: number, k1: number | string, k2: number, net: number, dir: 0 | 1, slot: number, flags: number, seq: number, len: number, tsMs: number): Connection | undefined {
    if (!(flags & SYN) && this.closed.isLateCopy(k1, k2, net, dir, seq, len, tsMs)) {
      this.counters.retransmitted++;
      return undefined;
    }
    if (this.conns.size >= this.limits.maxConnections) this.evictOldest();
    let text: [string, string] | undefined;
    if (af === 6) {
      const a = formatEndpoint(af, buf, srcOff, sport);
      const b = formatEndpoint(af, buf, dstOff, dport);
      text = dir === 0 ? [a, b] : [b, a];
    }
    const conn = new Connection(k1, k2, net, this.packet, this.factory, text);
    this.insert(conn);
    if (slot !== -1) this.remember(conn, slot);
    if (net !== 0) this.halves.opened(conn);
    this.counters.flows++;
    return conn;
  }

  /** The live flow a segment under a mirror session's id no flow has is the other half of, found under that id from now on. */
  private pairHalf(k1: number | string, k2: number, net: number, dir: 0 | 1, slot: number, flags: number, ack: number): Connection | undefined {
    const half = this.halves.pair(k1, k2, net, dir, flags, ack);
    if (!half) return undefined;
    if (typeof k1 === 'string') this.byV6.set(k1, half);
    else this.byV4.add(k1, k2, net, half);
    if (slot !== -1) this.remember(half, slot);
    return half;
  }

  /** Flushes every connection (end of input). `restart`: another capture follows, whose flows are not late copies of these. */
  flush(restart = false): void {
    for (const conn of [...this.conns.values()]) this.closeInOrder(conn);
    if (!restart) return;
    this.closed.clear();
    this.lastSweep = 0;
  }

  /** The packet that opened the oldest live connection (the next packet when there is none). */
  get oldestCreated(): number {
    const first = this.conns.values().next();
    return first.done ? this.packet + 1 : first.value.created;
  }

  private closeInOrder(conn: Connection): void {
    this.closingCreated = conn.created;
    this.closeConnection(conn);
    this.closingCreated = -1;
  }

  private onData(conn: Connection, d: Direction, dir: 0 | 1, seq: number, buf: Buffer, start: number, end: number, missing: number, ts: number, tcpOff: number): void {
    if (d.next === -1) {
      d.next = seq;
      conn.consumer.gap(dir, -1);
    }
    const diff = (seq - d.next) | 0;
    const ack = tcpOff !== -1 && buf[tcpOff + 13] & 0x10 ? u32be(buf, tcpOff + 8) : -1;
    if (diff > 0 || (diff === 0 && ack !== -1 && d.mustWait(conn.dirs[dir ^ 1], ack, ts))) {
      // A snaplen-cut segment held out of order keeps what was captured and how much was cut, so the cut tail
      // is a hole in its place when the segment is delivered (held without it, every later segment of the
      // flow was out of order until an ACK revealed the hole, and holes came after the next message's start).
      this.hold(conn, d, dir, { seq, data: Buffer.from(buf.subarray(start, end)), missing, ts, packet: this.packet, ack });
      return;
    }
    if (diff < 0) {
      if (diff + (end - start) + missing <= 0) {
        this.counters.retransmitted++;
        return;
      }
      const trim = Math.min(-diff, end - start);
      start += trim;
      missing -= -diff - trim;
    }
    if (end > start) {
      conn.consumer.data(dir, buf, start, end, ts, this.packet);
      d.next = (d.next + (end - start)) >>> 0;
    }
    if (missing > 0) {
      // Snaplen cut the segment: the rest of it is a hole of known size.
      this.counters.gaps++;
      conn.consumer.gap(dir, missing);
      d.next = (d.next + missing) >>> 0;
    }
    if (conn.dirs[dir ^ 1].waitsFor !== -1) this.release(conn, dir, false);
    if (d.pending) this.drain(conn, d, dir);
  }

  private hold(conn: Connection, d: Direction, dir: 0 | 1, seg: Segment): void {
    this.counters.outOfOrder++;
    const list = (d.pending ??= []);
    let i = list.length;
    while (i > 0 && ((list[i - 1].seq - seg.seq) | 0) > 0) i--;
    list.splice(i, 0, seg);
    d.pendingBytes += seg.data.length;
    this.pendingTotal += seg.data.length;
    if (d.pendingBytes > this.limits.perFlowBytes || d.lateBytesDue(seg.ts) || (d.waitsFor !== -1 && conn.dirs[dir ^ 1].lateBytesDue(seg.ts))) this.skipHole(conn, d, dir);
    if (this.pendingTotal > this.limits.totalBytes) this.relievePressure();
  }

  /**
   * Declares the bytes before the first held segment lost and moves on; with none held, those before a waiting FIN
   * (checkFin), which then ends the side: until 6 Dec that hole was never said, and a body read until close had the size captured.
   */
  private skipHole(conn: Connection, d: Direction, dir: 0 | 1): void {
    if (d.waitsFor !== -1) return this.giveUp(conn, d, dir);
    d.ackedAt = -1;
    if (!d.pending) return;
    const to = d.pending.length > 0 ? d.pending[0].seq : d.finSeq;
    const hole = to === -1 ? 0 : (to - d.next) | 0;
    if (hole > 0) {
      this.counters.gaps++;
      conn.consumer.gap(dir, hole);
      d.next = to;
      if (conn.dirs[dir ^ 1].waitsFor !== -1) {
        // The other side's waiting data acknowledges bytes of this hole: its sender had them, the capture never will.
        conn.consumer.unseenBytes?.(dir);
        this.release(conn, dir, false);
      }
    }
    this.drain(conn, d, dir);
  }

  /** The peer's bytes `d` waits for did not come (Direction.waitsFor): the peer's hole first, as its bytes came first. */
  private giveUp(conn: Connection, d: Direction, dir: 0 | 1): void {
    const peer = conn.dirs[dir ^ 1];
    if (peer.pending && peer.waitsFor === -1) this.skipHole(conn, peer, (dir ^ 1) as 0 | 1);
    if (d.waitsFor === -1) return;
    d.waitsFor = -1;
    d.gaveUpAt = peer.next;
    peer.ackedAt = -1;
    this.drain(conn, d, dir);
  }

  /** `dir` moved on (or ended): the other side's data waiting for its bytes goes on once they are all there. */
  private release(conn: Connection, dir: 0 | 1, ended: boolean): void {
    const o = conn.dirs[dir ^ 1];
    const d = conn.dirs[dir];
    if (o.waitsFor === -1 || (!ended && ((o.waitsFor - d.next) | 0) > 0)) return;
    o.waitsFor = -1;
    d.ackedAt = -1;
    if (o.pending) this.drain(conn, o, (dir ^ 1) as 0 | 1);
  }

  private drain(conn: Connection, d: Direction, dir: 0 | 1): void {
    const list = d.pending!;
    while (list.length > 0 && d.waitsFor === -1 && ((list[0].seq - d.next) | 0) <= 0) {
      const seg = list[0];
      const overlap = (d.next - seg.seq) | 0;
      // Data acknowledging peer bytes still held behind a hole, or not captured yet, waits for them (Direction.waitsFor).
      if (overlap < seg.data.length && seg.ack !== -1 && d.mustWait(conn.dirs[dir ^ 1], seg.ack, seg.ts)) break;
      list.shift();
      d.pendingBytes -= seg.data.length;
      this.pendingTotal -= seg.data.length;
      if (overlap >= seg.data.length + seg.missing) {
        this.counters.retransmitted++;
        continue;
      }
      if (overlap < seg.data.length) {
        // Its sender had received bytes of the peer's the capture has not seen (lost: the wait for them ran out): said first.
        if (seg.ack !== -1 && conn.dirs[dir ^ 1].next !== -1 && ((seg.ack - conn.dirs[dir ^ 1].next) | 0) > 0) conn.consumer.unseenBytes?.((dir ^ 1) as 0 | 1);
        conn.consumer.data(dir, seg.data, overlap, seg.data.length, seg.ts, seg.packet);
        d.next = (d.next + seg.data.length - overlap) >>> 0;
      }
      const cut = Math.min(seg.missing, seg.data.length + seg.missing - overlap);
      if (cut > 0) {
        this.counters.gaps++;
        conn.consumer.gap(dir, cut);
        d.next = (d.next + cut) >>> 0;
      }
      if (conn.dirs[dir ^ 1].waitsFor !== -1) this.release(conn, dir, false);
    }
    if (list.length === 0) {
      d.pending = null;
      d.ackedAt = -1;
    }
    if (d.finSeq !== -1) this.checkFin(conn, d, dir, 0);
  }

  /**
   * A RST from `dir` closes the connection, unless the application still expects bytes from the other side
   * (requests waiting for responses). Then only `dir` ends: at a mirror or on loopback the server's in-flight
   * response is often captured after the client's RST (a client that timed out, or closed with unread
   * pipelined responses), and it answers a request that was made. The connection closes once nothing more is
   * expected, when the other side ends too, or when it goes idle.
   */
  private reset(conn: Connection, d: Direction, dir: 0 | 1, ts: number): void {
    const peer = (dir ^ 1) as 0 | 1;
    if (conn.dirs[peer].ended || !conn.consumer.expectsMore?.(peer)) return this.closeConnection(conn);
    conn.resetBy = dir;
    if (d.ended) return;
    while (d.pending && d.pending.length > 0) this.skipHole(conn, d, dir);
    d.ended = true;
    conn.consumer.end(dir, ts);
    conn.closedDirs++;
    this.release(conn, dir, true);
  }

  /** A FIN captured before bytes it follows (reordered) waits as held data does: their arrival drains, which comes here. */
  private checkFin(conn: Connection, d: Direction, dir: 0 | 1, ts: number): void {
    if (d.ended || d.finSeq === -1) return;
    if (((d.finSeq - d.next) | 0) > 0) return void (d.pending ??= []); // until 6 Dec only the idle sweep or the input's end
    d.ended = true;
    conn.consumer.end(dir, ts || conn.lastSeen);
    this.release(conn, dir, true);
    if (++conn.closedDirs === 2) this.closeConnection(conn);
  }

  private closeConnection(conn: Connection): void {
    if (!this.unindex(conn)) return;
    for (const dir of [0, 1] as const) {
      const d = conn.dirs[dir];
      while (d.pending) this.skipHole(conn, d, dir);
    }
    this.closed.remember(conn.k1, conn.k2, conn.net, conn.dirs[0].next, conn.dirs[1].next, conn.lastSeen);
    if (conn.net !== 0) this.closeHalves(conn);
    conn.consumer.close();
  }

  /** A flow paired across two ids leaves under both: no longer found under the other, its late copies known there. */
  private closeHalves(conn: Connection): void {
    this.halves.closed(conn);
    if (conn.pairedNet === conn.net) return;
    const k1 = keyUnder(conn.k1, conn.pairedNet);
    this.unindexUnder(k1, conn.k2, conn.pairedNet, conn);
    this.closed.remember(k1, conn.k2, conn.pairedNet, conn.dirs[0].next, conn.dirs[1].next, conn.lastSeen);
  }

  /** Closes connections idle for longer than the limit (capture time, or wall time for live mirrors). */
  sweep(now: number): void {
    this.lastSweep = now;
    for (const conn of this.conns.values()) {
      if (now - conn.lastSeen > this.limits.idleMs) this.closeInOrder(conn);
    }
  }

  private evictOldest(): void {
    const first = this.conns.values().next();
    if (!first.done) {
      this.counters.evicted++;
      this.closeConnection(first.value);
    }
  }

  /** Over the total cap: give up on holes, oldest connections first, until a quarter of the budget is free. */
  private relievePressure(): void {
    for (const conn of this.conns.values()) {
      if (this.pendingTotal <= (this.limits.totalBytes * 3) / 4) return;
      for (const dir of [0, 1] as const) {
        const d = conn.dirs[dir];
        while (d.pending && d.pending.length > 0) this.skipHole(conn, d, dir);
      }
    }
  }
}
