/**
 * Live IPv4 connections by their two endpoints and virtual network (0: none), each packed exactly as address·2^16 + port (48 bits).
 * The pair is 96 bits, more than a number holds, so the table is keyed by a 53-bit mix of both: one Map
 * entry per connection. (A Map per first endpoint, holding the second, cost a Map of its own for nearly
 * every connection — the client's endpoint is unique to it whenever it sorts first — ~300 bytes each,
 * a tenth of the worst-case heap.) Two pairs that mix to the same key are told apart by their endpoints;
 * the second goes to an exact string-keyed map, which is looked at only when it holds anything.
 */
export interface Endpoints {
  readonly k1: number | string;
  readonly k2: number;
  /** The tunnel's network id (network-ids.ts): tenants' address spaces overlap, so it is part of the identity. */
  readonly net: number;
  /** The other direction's id, for a flow a mirror source tunnels per direction (session-halves.ts); else `net`. */
  readonly pairedNet: number;
}

export type FlowKey = (k1: number, k2: number) => number;

export class FlowTable<C extends Endpoints> {
  private readonly byKey = new Map<number, C>();
  private readonly collided = new Map<string, C>();

  /** `key` is for tests, which make every pair collide. */
  constructor(private readonly key: FlowKey = mixEndpoints) {}

  get(k1: number, k2: number, net: number): C | undefined {
    const c = this.byKey.get(this.keyOf(k1, k2, net));
    if (c !== undefined && c.k1 === k1 && c.k2 === k2 && (c.net === net || c.pairedNet === net)) return c;
    return this.collided.size === 0 ? undefined : this.collided.get(`${k1}|${k2}|${net}`);
  }

  /** Adds a connection with endpoints k1, k2 on network `net` (its `net` or `pairedNet`), which is not in the table under it. */
  add(k1: number, k2: number, net: number, conn: C): void {
    const key = this.keyOf(k1, k2, net);
    if (this.byKey.has(key)) this.collided.set(`${k1}|${k2}|${net}`, conn);
    else this.byKey.set(key, conn);
  }

  delete(k1: number, k2: number, net: number, conn: C): void {
    const key = this.keyOf(k1, k2, net);
    if (this.byKey.get(key) === conn) this.byKey.delete(key);
    else this.collided.delete(`${k1}|${k2}|${net}`);
  }

  /** Untunnelled flows (net 0) keep the plain endpoint mix: the network is mixed in only when there is one. */
  private keyOf(k1: number, k2: number, net: number): number {
    const key = this.key(k1, k2);
    return net === 0 ? key : this.key(key, net);
  }
}

const TWO_32 = 4294967296;

/**
 * Two independent 32-bit mixes of the 96 bits, 32 + 21 of their bits side by side: exact in a double. Any two
 * safe integers mix (a key and a network id, for tunnelled flows).
 */
export function mixEndpoints(k1: number, k2: number): number {
  const lo1 = k1 >>> 0;
  const hi1 = (k1 / TWO_32) | 0;
  const lo2 = k2 >>> 0;
  const hi2 = (k2 / TWO_32) | 0;
  const a = fmix(Math.imul(lo1, 0x9e3779b1) ^ Math.imul(hi1 ^ (lo2 >>> 7), 0x85ebca6b) ^ Math.imul(lo2, 0xc2b2ae35) ^ hi2);
  const b = fmix(Math.imul(lo2, 0x27d4eb2f) ^ Math.imul(hi2 ^ (lo1 >>> 11), 0x165667b1) ^ Math.imul(lo1, 0xd3a2646c) ^ hi1);
  return (a >>> 0) * 2097152 + (b >>> 11);
}

/** MurmurHash3's 32-bit finaliser: every input bit reaches every output bit. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
