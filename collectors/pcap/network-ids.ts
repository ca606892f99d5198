/**
 * Network ids: which virtual network or mirror session a tunnelled segment came in, part of its flow's identity
 * (0: no tunnel). The tunnel kind sits above the id, so VXLAN VNI 0 is not "no tunnel", GENEVE VNI 7 is not VXLAN
 * VNI 7, and a VXLAN inside GRE key 7 (the innermost tunnel that names a network wins) is not GRE key 7's flow.
 * They are small integers (V8 Smis): a key stays a number, and passing or storing one allocates nothing.
 */
export const NET_VXLAN = 1 << 24;
export const NET_GENEVE = 2 << 24;
/** ERSPAN session ids are 10 bits; types II and III are kept apart as the two UDP tunnels are. */
export const NET_ERSPAN_2 = 3 << 24;
export const NET_ERSPAN_3 = 4 << 24;

/** GRE keys below this are their own ids; wider ones are numbered as they come (GreKeyNets). */
const NARROW_KEYS = 2 ** 30;
/** Wide keys numbered per decoder at most: past it (garbage, a scan of keys) a key's id is exact but a heap number. */
const MAX_WIDE_KEYS = 1 << 16;

/**
 * GRE keys (RFC 2890) are 32 bits, too wide for a kind above them in a small integer, so they take the negative
 * side: key k below 2^30 is -1 - k (key 0 is a network too), and a wider key (dotted-quad keys such as 192.168.0.1
 * are common) is numbered below those as first seen. Taken as -1 - k, such a key is a heap number, and every
 * packet under it allocated one on its way to the reassembler (12 scavenges where there was 1, over 3.3 M packets).
 * The numbering is the decoder's own: a flow's id is only ever compared within one reassembler, and the worker
 * shard hash leaves ids out.
 */
export class GreKeyNets {
  private readonly wide = new Map<number, number>();

  netOf(key: number): number {
    if (key < NARROW_KEYS) return -1 - key;
    // `| 0`: the same 32 bits as a small integer, so the lookup boxes nothing.
    const k = key | 0;
    let net = this.wide.get(k);
    if (net === undefined) {
      if (this.wide.size >= MAX_WIDE_KEYS) return -(2 ** 32) - 1 - key;
      net = -NARROW_KEYS - 1 - this.wide.size;
      this.wide.set(k, net);
    }
    return net;
  }
}

/**
 * GRE keys and ERSPAN sessions name a mirror source's sessions, and a source may send each direction of a flow
 * under its own (Linux `ikey`/`okey`; the Cisco source of the shared zeek__erspan.pcap keys client → server 0 and
 * server → client 0x02000000): their flows' two halves are paired (session-halves.ts). VXLAN and GENEVE name
 * tenants' networks, which carry both directions.
 */
export function isMirrorSession(net: number): boolean {
  return net < 0 || net >= NET_ERSPAN_2;
}

/** Whether two ids are of one tunnel kind (only halves of one kind are paired). */
export function sameKind(a: number, b: number): boolean {
  return a < 0 ? b < 0 : b >= 0 && a >>> 24 === b >>> 24;
}
