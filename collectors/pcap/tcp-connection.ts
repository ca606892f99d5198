import { formatPackedIpv4 } from './endpoint-text';
import type { ConsumerFactory, StreamConsumer, TcpEndpoints } from './tcp-stream';

/** How long a hole acknowledged by a pure ACK waits for bytes captured late (Direction.waitsForLateBytes). */
const LATE_BYTES_MS = 1_000;

/** A segment held until the bytes before it arrive. */
export interface Segment {
  seq: number;
  data: Buffer;
  /** Bytes of the segment after `data` that the capture cut off (snapshot length): a hole of known size. */
  missing: number;
  ts: number;
  packet: number;
  /** The segment's acknowledgment number (-1: none): how far its sender had received the peer's bytes. */
  ack: number;
}

export class Direction {
  /** Next expected sequence number; -1 until the first SYN or data is seen. */
  next = -1;
  pending: Segment[] | null = null;
  pendingBytes = 0;
  finSeq = -1;
  ended = false;
  /** Capture time bytes of this direction not seen yet were first acknowledged, by a pure ACK or waiting data (mustWait); -1: none. */
  ackedAt = -1;

  /**
   * Whether a hole a segment of the peer acknowledges (its bytes not seen, later ones held) waits for its bytes.
   * A mirror that lost them will never show them, but one that merges the two directions (a tap aggregator, two
   * SPAN ports) can put the ACK before the data: after a pure ACK the hole waits until the peer says more (its
   * bytes may answer these, so they must come after the hole; its in-order data waits behind the hole, waitsFor), a segment held LATE_BYTES_MS later, or the held-bytes
   * caps. Until 6 Dec the hole was declared at the ACK and the late bytes dropped as a retransmission (120 gaps on a
   * generated capture that lost nothing, at 5 % reordering; tshark with out-of-order reassembly keeps them).
   */
  waitsForLateBytes(ack: number, speaks: boolean, ts: number): boolean {
    if (this.ackedAt !== -1) return !speaks && ts - this.ackedAt <= LATE_BYTES_MS;
    if (((ack - this.next) | 0) <= 0) return true;
    if (speaks) return false;
    this.ackedAt = ts;
    return true;
  }

  /** A hole a pure ACK acknowledged has waited long enough for its bytes (waitsForLateBytes). */
  lateBytesDue(ts: number): boolean {
    return this.ackedAt !== -1 && ts - this.ackedAt > LATE_BYTES_MS;
  }

  /**
   * The peer's sequence number the segment held at `next` waits for (-1: none). A segment that carries data and
   * acknowledges peer bytes not captured yet (a response captured before the request's last segment, at a mirror that
   * merges the two directions) is held until they come, so the request is read whole and first; until 6 Dec the
   * response came first (answering the request before) or the held request bytes were a capture gap and dropped.
   */
  waitsFor = -1;
  /** The peer's `next` when such a wait ran out (its bytes lost by the capture): no new wait until the peer moves on. */
  gaveUpAt = -1;

  /** Whether data of this side acknowledging `ack` must wait for the peer's bytes (waitsFor): the same bounds as an ACK's wait. */
  mustWait(peer: Direction, ack: number, ts: number): boolean {
    if (peer.ended || peer.next === -1 || ((ack - peer.next) | 0) <= 0 || peer.next === this.gaveUpAt) return false;
    this.waitsFor = ack;
    if (peer.ackedAt === -1) peer.ackedAt = ts;
    return true;
  }
}

/**
 * One connection as the reassembler tracks it, and its endpoints for the consumer (TcpEndpoints): their text
 * is made on first use, since a flow that never completes an exchange never needs it.
 */
export class Connection implements TcpEndpoints {
  readonly dirs: [Direction, Direction] = [new Direction(), new Direction()];
  lastSeen = 0;
  closedDirs = 0;
  /** The direction that sent a RST while the other still owed data (TcpReassembler.reset); -1 none. */
  resetBy = -1;
  /** Its slot in TcpReassembler.recent (-1: none), so closing frees the slot and nothing dead is kept. */
  slot = -1;
  readonly consumer: StreamConsumer;
  /**
   * The id the other direction came with when a mirror source tunnels each direction under its own
   * (session-halves.ts); `net` otherwise. The flow is found under both.
   */
  pairedNet: number;
  constructor(
    /** IPv4: direction 0's sender, packed as address·2^16 + port (the lower of the two); IPv6: both endpoints. */
    readonly k1: number | string,
    /** IPv4: direction 1's sender, packed. */
    readonly k2: number,
    /** The tunnel's network id, 0 for none (decode-packet.ts): part of the flow's identity. */
    readonly net: number,
    /** Packet number that opened it: unique, and the order of `conns`. */
    readonly created: number,
    factory: ConsumerFactory,
    /** IPv6 endpoints' text, made at once (k1 does not hold it in record form). */
    private text?: [string, string],
  ) {
    this.pairedNet = net;
    this.consumer = factory(this);
  }

  get addr(): [string, string] {
    return (this.text ??= [formatPackedIpv4(this.k1 as number), formatPackedIpv4(this.k2)]);
  }
}
