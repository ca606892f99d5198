import { isMirrorSession, sameKind } from './network-ids';
import type { Connection } from './tcp-connection';

const ACK = 0x10;
/**
 * How far the first segment's acknowledgement may be from where the half had got to and still vouch for it: the
 * SYN-ACK acknowledges exactly the SYN, a flow picked up mid-stream what was in flight or lost by the mirror.
 * Another session's flow with the same endpoints has its own sequence numbers: 1 in 128 of them fall this close.
 */
const ACK_SPREAD = 1 << 24;

/**
 * Flows opened under a mirror session's id (GRE key, ERSPAN session), by their endpoints alone, while they live.
 * A source may tunnel each direction of a flow under its own id (network-ids.ts), so the first segment of a
 * direction that finds no flow under its id may be the other half of one: a flow of the same endpoints and
 * tunnel kind that has never seen this direction, whose bytes this segment acknowledges. Unpaired, the two
 * halves were two flows, every request without its response (zeek__erspan.pcap: 17 of 17). Only flows with a
 * session id are held here, and only a segment that opens a flow looks: untunnelled and VXLAN packets never do.
 */
export class SessionHalves {
  private readonly byEndpoints = new Map<string, Connection[]>();

  /** A flow just opened under `conn.net`. */
  opened(conn: Connection): void {
    if (!isMirrorSession(conn.net)) return;
    const key = endpointsOf(conn.k1, conn.k2);
    const list = this.byEndpoints.get(key);
    if (list) list.push(conn);
    else this.byEndpoints.set(key, [conn]);
  }

  /** The flow whose other half a segment in direction `dir` under `net` is (none known under `net`), now paired with it. */
  pair(k1: number | string, k2: number, net: number, dir: 0 | 1, flags: number, ack: number): Connection | undefined {
    if (this.byEndpoints.size === 0 || !isMirrorSession(net) || !(flags & ACK)) return undefined;
    const key = endpointsOf(k1, k2);
    const list = this.byEndpoints.get(key);
    if (!list) return undefined;
    // The closest of them: two sessions' halves may both be near, and a SYN-ACK acknowledges its SYN exactly.
    let best = -1;
    let bestSpread = ACK_SPREAD;
    for (let i = 0; i < list.length; i++) {
      const half = list[i];
      const sent = half.dirs[dir ^ 1].next;
      if (!sameKind(half.net, net) || half.dirs[dir].next !== -1 || sent === -1) continue;
      const spread = Math.abs((ack - sent) | 0);
      if (spread < bestSpread) {
        best = i;
        bestSpread = spread;
      }
    }
    if (best === -1) return undefined;
    const half = list[best];
    half.pairedNet = net;
    this.drop(key, list, best);
    return half;
  }

  /** A flow closed: it is no one's other half any more. */
  closed(conn: Connection): void {
    if (!isMirrorSession(conn.net) || conn.pairedNet !== conn.net) return;
    const key = endpointsOf(conn.k1, conn.k2);
    const list = this.byEndpoints.get(key);
    const i = list ? list.indexOf(conn) : -1;
    if (i !== -1) this.drop(key, list!, i);
  }

  private drop(key: string, list: Connection[], i: number): void {
    if (list.length === 1) this.byEndpoints.delete(key);
    else list.splice(i, 1);
  }
}

/**
 * The flow's key under another id: IPv4 keys are endpoints and id apart, IPv6 keys carry the id in front of
 * their text (`net/endpoints`, as TcpReassembler builds them).
 */
export function keyUnder(k1: number | string, net: number): number | string {
  return typeof k1 === 'string' ? `${net}/${k1.slice(k1.indexOf('/') + 1)}` : k1;
}

function endpointsOf(k1: number | string, k2: number): string {
  return typeof k1 === 'string' ? k1.slice(k1.indexOf('/') + 1) : `${k1}|${k2}`;
}
