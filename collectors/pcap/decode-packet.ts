import { FragmentReassembler } from './ip-fragments';
import { decodeEthernet, decodeLink, ETH_IPV4, ETH_IPV6, ETH_TEB, LINK_UNSUPPORTED, type LinkResult } from './link-layer';
import { u16be, u32be } from './byte-reads';
import { GreKeyNets, NET_ERSPAN_2, NET_ERSPAN_3, NET_GENEVE, NET_VXLAN } from './network-ids';
import type { MalformedKind } from '../malformed-tally';

/**
 * Where decoded TCP segments go. Offsets point into `buf`; copy what outlives the call. `net` names the virtual
 * network or mirror session the segment was tunnelled in (0: none; network-ids.ts): tenants' address spaces
 * overlap in multi-tenant clouds, so two flows with the same endpoints on two VNIs (GRE keys, ERSPAN sessions)
 * are two flows.
 */
export interface TcpSegmentSink {
  tcpSegment(af: 4 | 6, buf: Buffer, srcOff: number, dstOff: number, tcpOff: number, end: number, missing: number, tsMs: number, net: number): void;
}

export const VXLAN_PORT = 4789;
/** Linux's VXLAN port when a device is made without `dstport` (Flannel, Cilium): decoded when it looks like VXLAN. */
export const LINUX_VXLAN_PORT = 8472;
export const GENEVE_PORT = 6081;
const ETH_MPLS = 0x8847;
const ETH_MPLS_MULTICAST = 0x8848;
const ETH_PPPOE = 0x8864;
const GRE_ERSPAN_2 = 0x88be;
const GRE_ERSPAN_3 = 0x22eb;
/** Mirror tunnels inside mirror tunnels happen (ERSPAN of a VXLAN overlay); deeper is a loop or garbage. */
const MAX_DEPTH = 4;

export interface DecodeCounters {
  nonIp: number;
  /** Packets of a link type the decoder does not read (PPP, DOCSIS…): a capture of only these gave nothing, silently. */
  unsupportedLink: number;
  malformed: number;
  snaplenCut: number;
  tunnels: number;
  fragments: number;
}

/**
 * Link → IP (with fragments and IPv6 extension headers) → mirror tunnels → TCP. Everything that is
 * not TCP after decapsulation is counted and dropped: HTTP discovery needs nothing else.
 */
export class PacketDecoder {
  readonly counters: DecodeCounters = { nonIp: 0, unsupportedLink: 0, malformed: 0, snaplenCut: 0, tunnels: 0, fragments: 0 };
  private readonly link: LinkResult = { proto: 0, off: 0 };
  private readonly fragments = new FragmentReassembler();
  private readonly greKeys = new GreKeyNets();
  private ts = 0;
  /** The network id of the innermost tunnel that named one, for the packet being decoded (0: none). */
  private net = 0;

  constructor(
    private readonly tcp: TcpSegmentSink,
    /** Told the kind of each packet counted as malformed, while it is being decoded (the engine knows its number). */
    private readonly onMalformed: (kind: MalformedKind) => void = () => {},
  ) {}

  /** Off the hot path: only a packet that does not decode comes here. */
  private bad(kind: MalformedKind): void {
    this.counters.malformed++;
    this.onMalformed(kind);
  }

  decode(linkType: number, buf: Buffer, start: number, end: number, tsMs: number): void {
    this.ts = tsMs;
    this.net = 0;
    decodeLink(linkType, buf, start, end, this.link);
    this.network(this.link.proto, buf, this.link.off, end, 0);
  }

  /** For live mirrors: a VXLAN payload as received on the UDP socket. */
  decodeVxlanPayload(buf: Buffer, tsMs: number): void {
    this.ts = tsMs;
    if (buf.length < 8 || (buf[0] & 0x08) === 0) {
      this.bad('tunnelHeader');
      return;
    }
    // Counted as a capture of the datagram counts it (vxlan()); the mirror's summary said `tunnelled 0` until 6 Dec.
    this.counters.tunnels++;
    this.net = NET_VXLAN | buf.readUIntBE(4, 3);
    this.ethernet(buf, 8, buf.length, 1);
  }

  private ethernet(buf: Buffer, off: number, end: number, depth: number): void {
    decodeEthernet(buf, off, end, this.link);
    this.network(this.link.proto, buf, this.link.off, end, depth);
  }

  private network(proto: number, buf: Buffer, off: number, end: number, depth: number): void {
    if (proto === ETH_IPV4) this.ipv4(buf, off, end, depth);
    else if (proto === ETH_IPV6) this.ipv6(buf, off, end, depth);
    else if (proto === ETH_TEB && depth < MAX_DEPTH) this.ethernet(buf, off, end, depth + 1);
    else if (proto === LINK_UNSUPPORTED) this.counters.unsupportedLink++;
    else if ((proto === ETH_MPLS || proto === ETH_MPLS_MULTICAST || proto === ETH_PPPOE) && depth < MAX_DEPTH) this.shim(proto, buf, off, end, depth);
    else this.counters.nonIp++;
  }

  /**
   * An MPLS label stack (RFC 3032; IP after the bottom label, told by its version) or a PPPoE session header (RFC 2516)
   * before IP, as on a provider's links and DSL uplinks. tshark reads both; until 6 Dec such a capture gave nothing, unsaid.
   */
  private shim(proto: number, buf: Buffer, off: number, end: number, depth: number): void {
    let o = off;
    if (proto === ETH_PPPOE) {
      if (end - o < 8) return this.bad('linkHeader');
      const ppp = u16be(buf, o + 6);
      return this.network(ppp === 0x0021 ? ETH_IPV4 : ppp === 0x0057 ? ETH_IPV6 : 0, buf, o + 8, end, depth + 1);
    }
    for (let labels = 0; labels < 16; labels++, o += 4) {
      if (end - o < 5) return this.bad('linkHeader');
      if (buf[o + 2] & 1) {
        const version = buf[o + 4] >> 4;
        return this.network(version === 4 ? ETH_IPV4 : version === 6 ? ETH_IPV6 : 0, buf, o + 4, end, depth + 1);
      }
    }
    this.bad('linkHeader');
  }

  private ipv4(buf: Buffer, off: number, end: number, depth: number): void {
    if (end - off < 20 || buf[off] >> 4 !== 4) return this.bad('ipHeader');
    const ihl = (buf[off] & 0x0f) * 4;
    const totalLen = u16be(buf, off + 2);
    if (ihl < 20 || end - off < ihl) return this.bad('ipHeader');
    // Total length 0 is what TSO/GSO segments look like when captured on the sending host.
    let ipEnd = totalLen === 0 ? end : off + totalLen;
    let missing = 0;
    if (ipEnd > end) {
      missing = ipEnd - end;
      ipEnd = end;
      this.counters.snaplenCut++;
    }
    if (totalLen !== 0 && totalLen < ihl) return this.bad('ipHeader');
    const proto = buf[off + 9];
    const flagsFrag = u16be(buf, off + 6);
    const fragOff = (flagsFrag & 0x1fff) * 8;
    const more = (flagsFrag & 0x2000) !== 0;
    if (fragOff !== 0 || more) {
      this.counters.fragments++;
      if (missing > 0) return;
      // The network is part of a datagram's identity as of a flow's: tenants reuse addresses and IP ids.
      const key = `4:${this.net}:${buf.readUInt32BE(off + 12)}:${buf.readUInt32BE(off + 16)}:${buf.readUInt16BE(off + 4)}:${proto}`;
      const whole = this.fragments.add(key, fragOff, more, buf.subarray(off + ihl, ipEnd), this.ts);
      if (!whole) return;
      const merged = Buffer.allocUnsafe(8 + whole.length);
      buf.copy(merged, 0, off + 12, off + 20);
      whole.copy(merged, 8);
      return this.transport(proto, 4, merged, 0, 4, 8, merged.length, 0, depth);
    }
    this.transport(proto, 4, buf, off + 12, off + 16, off + ihl, ipEnd, missing, depth);
  }

  private ipv6(buf: Buffer, off: number, end: number, depth: number): void {
    if (end - off < 40 || buf[off] >> 4 !== 6) return this.bad('ipHeader');
    const payloadLen = buf.readUInt16BE(off + 4);
    let ipEnd = payloadLen === 0 ? end : off + 40 + payloadLen; // 0: jumbogram or TSO
    let missing = 0;
    if (ipEnd > end) {
      missing = ipEnd - end;
      ipEnd = end;
      this.counters.snaplenCut++;
    }
    let next = buf[off + 6];
    let o = off + 40;
    for (let hops = 0; hops < 8; hops++) {
      if (next === 0 || next === 43 || next === 60) {
        if (ipEnd - o < 8) return this.bad('ipHeader');
        next = buf[o];
        o += (buf[o + 1] + 1) * 8;
      } else if (next === 51) {
        if (ipEnd - o < 8) return this.bad('ipHeader');
        next = buf[o];
        o += (buf[o + 1] + 2) * 4;
      } else if (next === 44) {
        if (ipEnd - o < 8 || missing > 0) return this.bad('ipFragment');
        this.counters.fragments++;
        const fragField = buf.readUInt16BE(o + 2);
        const key = `6:${this.net}:${buf.toString('hex', off + 8, off + 40)}:${buf.readUInt32BE(o + 4)}`;
        const proto = buf[o];
        // An atomic fragment (offset 0, no more: RFC 6946 §4) is a whole datagram, never joined to others with its id.
        const whole = (fragField & 0xfff9) === 0 ? buf.subarray(o + 8, ipEnd) : this.fragments.add(key, fragField & 0xfff8, (fragField & 1) === 1, buf.subarray(o + 8, ipEnd), this.ts);
        if (!whole) return;
        const merged = Buffer.allocUnsafe(32 + whole.length);
        buf.copy(merged, 0, off + 8, off + 40);
        whole.copy(merged, 32);
        // RFC 8200 §4.1: destination options and AH come after the Fragment header, in the reassembled part.
        let inner = proto;
        let l4 = 32;
        for (let more = 0; more < 8 && (inner === 60 || inner === 51); more++) {
          if (merged.length - l4 < 8) return this.bad('ipFragment');
          const len = inner === 51 ? (merged[l4 + 1] + 2) * 4 : (merged[l4 + 1] + 1) * 8;
          inner = merged[l4];
          l4 += len;
        }
        if (l4 > merged.length) return this.bad('ipFragment');
        return this.transport(inner, 6, merged, 0, 16, l4, merged.length, 0, depth);
      } else break;
    }
    if (o > ipEnd) return this.bad('ipHeader');
    this.transport(next, 6, buf, off + 8, off + 24, o, ipEnd, missing, depth);
  }

  private transport(proto: number, af: 4 | 6, buf: Buffer, srcOff: number, dstOff: number, l4: number, end: number, missing: number, depth: number): void {
    if (proto === 6) {
      if (end - l4 < 20) return this.bad('tcpHeader');
      this.tcp.tcpSegment(af, buf, srcOff, dstOff, l4, end, missing, this.ts, this.net);
    } else if (proto === 17) {
      if (end - l4 < 8 || depth >= MAX_DEPTH) return;
      const dport = u16be(buf, l4 + 2);
      if (dport === VXLAN_PORT) this.vxlan(buf, l4 + 8, end, depth);
      else if (dport === GENEVE_PORT) this.geneve(buf, l4 + 8, end, depth);
      else if (dport === LINUX_VXLAN_PORT && looksLikeVxlan(buf, l4 + 8, end)) this.vxlan(buf, l4 + 8, end, depth);
    } else if (proto === 47 && depth < MAX_DEPTH) {
      this.gre(buf, l4, end, depth);
    } else if ((proto === 4 || proto === 41) && depth < MAX_DEPTH) {
      this.counters.tunnels++;
      this.network(proto === 4 ? ETH_IPV4 : ETH_IPV6, buf, l4, end, depth + 1);
    }
  }

  private vxlan(buf: Buffer, off: number, end: number, depth: number): void {
    if (end - off < 8 || (buf[off] & 0x08) === 0) return this.bad('tunnelHeader');
    this.counters.tunnels++;
    this.net = NET_VXLAN | buf.readUIntBE(off + 4, 3);
    this.ethernet(buf, off + 8, end, depth + 1);
  }

  private geneve(buf: Buffer, off: number, end: number, depth: number): void {
    if (end - off < 8 || buf[off] >> 6 !== 0) return this.bad('tunnelHeader');
    const inner = off + 8 + (buf[off] & 0x3f) * 4;
    if (inner > end) return this.bad('tunnelHeader');
    this.counters.tunnels++;
    this.net = NET_GENEVE | buf.readUIntBE(off + 4, 3);
    this.network(buf.readUInt16BE(off + 2), buf, inner, end, depth + 1);
  }

  /** GRE (RFC 2784/2890) carrying Ethernet (TEB), IP, or ERSPAN type I/II/III; the key or session id names the network. */
  private gre(buf: Buffer, off: number, end: number, depth: number): void {
    if (end - off < 4) return this.bad('tunnelHeader');
    const flags = buf.readUInt16BE(off);
    const proto = buf.readUInt16BE(off + 2);
    if ((flags & 7) !== 0) return; // version 1 is PPTP's enhanced GRE: no mirrored frames there
    let o = off + 4;
    if (flags & 0xc000) o += 4; // checksum (or legacy routing) present
    const keyAt = flags & 0x2000 ? o : -1;
    if (keyAt !== -1) o += 4;
    const hasSeq = (flags & 0x1000) !== 0;
    if (hasSeq) o += 4;
    if (o > end) return this.bad('tunnelHeader');
    this.counters.tunnels++;
    if (keyAt !== -1) this.net = this.greKeys.netOf(u32be(buf, keyAt));
    if (proto === GRE_ERSPAN_2) {
      // Type I has no sequence number and no ERSPAN header; type II has both, the session id in its low 10 bits.
      if (!hasSeq) return this.ethernet(buf, o, end, depth + 1);
      if (end - o < 8) return this.bad('tunnelHeader');
      this.net = NET_ERSPAN_2 | (u16be(buf, o + 2) & 0x3ff);
      return this.ethernet(buf, o + 8, end, depth + 1);
    }
    if (proto === GRE_ERSPAN_3) {
      if (end - o < 12) return this.bad('tunnelHeader');
      this.net = NET_ERSPAN_3 | (u16be(buf, o + 2) & 0x3ff);
      const frameType = (buf[o + 10] >> 2) & 0x1f;
      const inner = o + 12 + (buf[o + 11] & 1 ? 8 : 0);
      if (frameType === 0) return this.ethernet(buf, inner, end, depth + 1);
      return this.network(buf[inner] >> 4 === 6 ? ETH_IPV6 : ETH_IPV4, buf, inner, end, depth + 1);
    }
    this.network(proto, buf, o, end, depth + 1);
  }
}

/**
 * UDP 8472 is Linux's VXLAN port by default, but IANA's for Cisco OTV and free for anything else, so a datagram there is
 * read as VXLAN only when it is one beyond doubt: flags exactly I (no VXLAN-GPE, GBP or other extension), every reserved
 * byte zero, and an inner Ethernet frame carrying IPv4 (version 4, header of 5 words or more), IPv6 or a VLAN tag.
 * tshark reads 8472 as VXLAN only when told (`-d udp.port==8472,vxlan`); until 6 Dec Lantern never did.
 */
export function looksLikeVxlan(buf: Buffer, off: number, end: number): boolean {
  if (end - off < 8 + 14 + 20 || u32be(buf, off) !== 0x08000000 || buf[off + 7] !== 0) return false;
  const type = u16be(buf, off + 20);
  const ip = buf[off + 22];
  return (type === ETH_IPV4 && ip >> 4 === 4 && (ip & 0xf) >= 5) || (type === ETH_IPV6 && ip >> 4 === 6) || type === 0x8100 || type === 0x88a8;
}
