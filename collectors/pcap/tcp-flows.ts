import { u32be } from './byte-reads';
import type { Connection } from './tcp-connection';
import { FlowTable } from './flow-table';

const RECENT_SLOTS = 4096;

/**
 * The live connections of a TcpReassembler and how a segment finds its own: the reassembler extends this, so the
 * lookups on its per-packet path stay plain field reads.
 */
export class TcpFlows {
  /** Every live connection, oldest first (for eviction and sweeps). */
  protected readonly conns = new Set<Connection>();
  protected readonly byV4 = new FlowTable<Connection>();
  protected readonly byV6 = new Map<string, Connection>();
  /**
   * Direct-mapped cache in front of the IPv4 maps, indexed by a hash of both endpoints: two Map lookups
   * per packet were a third of the TCP layer's time. A slot holds the last connection hashed there.
   */
  protected readonly recent: (Connection | undefined)[] = new Array(RECENT_SLOTS).fill(undefined);

  get connections(): number {
    return this.conns.size;
  }

  /** The shard a segment's flow belongs to: symmetric in the two endpoints (the IPv4 cache slot's hash); `ports` has the network mixed in. */
  protected shardOf(af: 4 | 6, buf: Buffer, srcOff: number, dstOff: number, ports: number, count: number): number {
    let h = 0;
    for (let i = 0; i < (af === 4 ? 4 : 16); i += 4) h ^= u32be(buf, srcOff + i) ^ u32be(buf, dstOff + i);
    return ((Math.imul(h, 0x9e3779b1) ^ Math.imul(ports, 0x85ebca6b)) >>> 20) % count;
  }

  protected remember(conn: Connection, slot: number): void {
    const old = this.recent[slot];
    if (old) old.slot = -1;
    this.recent[slot] = conn;
    conn.slot = slot;
  }

  /** IPv6 keys hold the network in their text; IPv4 tables mix it in. */
  protected lookup(k1: number | string, k2: number, net: number): Connection | undefined {
    if (typeof k1 === 'string') return this.byV6.get(k1);
    return this.byV4.get(k1, k2, net);
  }

  protected insert(conn: Connection): void {
    this.conns.add(conn);
    if (typeof conn.k1 === 'string') this.byV6.set(conn.k1, conn);
    else this.byV4.add(conn.k1, conn.k2, conn.net, conn);
  }

  /** Takes a connection out of the tables (false: it was not in them). */
  protected unindex(conn: Connection): boolean {
    if (!this.conns.delete(conn)) return false;
    if (conn.slot !== -1 && this.recent[conn.slot] === conn) this.recent[conn.slot] = undefined;
    this.unindexUnder(conn.k1, conn.k2, conn.net, conn);
    return true;
  }

  protected unindexUnder(k1: number | string, k2: number, net: number, conn: Connection): void {
    if (typeof k1 === 'string') this.byV6.delete(k1);
    else this.byV4.delete(k1, k2, net, conn);
  }
}
