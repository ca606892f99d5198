/**
 * Link layers → (ethertype, offset of the network header). One switch rather than a registry of files:
 * each layer is a few lines and the hot path wants no indirection.
 */
import { u16be } from './byte-reads';

export const ETH_IPV4 = 0x0800;
export const ETH_IPV6 = 0x86dd;
/** Transparent Ethernet Bridging: an Ethernet frame follows (GRE, GENEVE). */
export const ETH_TEB = 0x6558;
const ETH_VLAN = 0x8100;
const ETH_QINQ = 0x88a8;
const ETH_QINQ_OLD = 0x9100;

export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  RAW_OPENBSD: 12,
  RAW_14: 14,
  RAW: 101,
  IEEE802_11: 105,
  LOOP: 108,
  LINUX_SLL: 113,
  IEEE802_11_RADIOTAP: 127,
  IPV4: 228,
  IPV6: 229,
  NFLOG: 239,
  LINUX_SLL2: 276,
} as const;

/** `proto` for a link type this file does not read: counted apart from non-IP frames, so the summary can say so. */
export const LINK_UNSUPPORTED = -1;

/** Reused result: the decoder never allocates per packet. `proto` 0 = nothing to decode. */
export interface LinkResult {
  proto: number;
  off: number;
}

export function decodeLink(linkType: number, buf: Buffer, off: number, end: number, out: LinkResult): void {
  out.proto = 0;
  switch (linkType) {
    case LINKTYPE.ETHERNET:
      return decodeEthernet(buf, off, end, out);
    case LINKTYPE.RAW:
    case LINKTYPE.RAW_OPENBSD:
    case LINKTYPE.RAW_14:
    case LINKTYPE.IPV4:
    case LINKTYPE.IPV6:
      return rawIp(buf, off, end, out);
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP: {
      if (end - off < 4) return;
      // NULL stores the address family in the capturing host's byte order, LOOP in network order.
      const le = buf.readUInt32LE(off);
      const family = linkType === LINKTYPE.LOOP ? buf.readUInt32BE(off) : le < 256 ? le : buf.readUInt32BE(off);
      out.off = off + 4;
      // AF_INET6 is 24, 28 or 30 depending on the BSD that wrote the file.
      out.proto = family === 2 ? ETH_IPV4 : family === 24 || family === 28 || family === 30 || family === 10 ? ETH_IPV6 : 0;
      return;
    }
    case LINKTYPE.LINUX_SLL:
      if (end - off < 16) return;
      out.proto = buf.readUInt16BE(off + 14);
      out.off = off + 16;
      return skipVlan(buf, end, out);
    case LINKTYPE.LINUX_SLL2:
      if (end - off < 20) return;
      out.proto = buf.readUInt16BE(off);
      out.off = off + 20;
      return skipVlan(buf, end, out);
    case LINKTYPE.IEEE802_11_RADIOTAP: {
      if (end - off < 8) return;
      return decodeWifi(buf, off + buf.readUInt16LE(off + 2), end, out);
    }
    case LINKTYPE.IEEE802_11:
      return decodeWifi(buf, off, end, out);
    case LINKTYPE.NFLOG:
      return decodeNflog(buf, off, end, out);
    default:
      out.proto = LINK_UNSUPPORTED;
  }
}

export function decodeEthernet(buf: Buffer, off: number, end: number, out: LinkResult): void {
  out.proto = 0;
  if (end - off < 14) return;
  out.proto = u16be(buf, off + 12);
  out.off = off + 14;
  skipVlan(buf, end, out);
  // 802.3 length field with LLC/SNAP: rare on mirrors, and never IP without SNAP.
  if (out.proto < 0x0600) out.proto = 0;
}

/** 802.1Q, 802.1ad and the pre-standard 0x9100 tags, stacked any number of times (Q-in-Q-in-Q). */
function skipVlan(buf: Buffer, end: number, out: LinkResult): void {
  while (out.proto === ETH_VLAN || out.proto === ETH_QINQ || out.proto === ETH_QINQ_OLD) {
    if (end - out.off < 4) {
      out.proto = 0;
      return;
    }
    out.proto = u16be(buf, out.off + 2);
    out.off += 4;
  }
}

function rawIp(buf: Buffer, off: number, end: number, out: LinkResult): void {
  if (end - off < 1) return;
  const v = buf[off] >> 4;
  out.off = off;
  out.proto = v === 4 ? ETH_IPV4 : v === 6 ? ETH_IPV6 : 0;
}

/** 802.11 data frames with LLC/SNAP; protected (encrypted) frames carry nothing readable. */
function decodeWifi(buf: Buffer, off: number, end: number, out: LinkResult): void {
  if (end - off < 24) return;
  const fc0 = buf[off];
  const fc1 = buf[off + 1];
  if (((fc0 >> 2) & 3) !== 2 || fc1 & 0x40) return;
  let hdr = 24;
  if ((fc1 & 3) === 3) hdr += 6; // ToDS and FromDS: a fourth address
  const qos = (fc0 & 0x80) !== 0;
  if (qos) hdr += 2;
  if (qos && fc1 & 0x80) hdr += 4; // HT control field
  if (((fc0 >> 4) & 0x7) >= 4 && (fc0 >> 4) !== 8) return; // null-function subtypes carry no payload
  const llc = off + hdr;
  if (end - llc < 8 || buf[llc] !== 0xaa || buf[llc + 1] !== 0xaa || buf[llc + 2] !== 0x03) return;
  out.proto = buf.readUInt16BE(llc + 6);
  out.off = llc + 8;
}

/** NFLOG (Linux netfilter log): TLVs in host byte order; type 9 (NFULA_PAYLOAD) is the IP packet. */
function decodeNflog(buf: Buffer, off: number, end: number, out: LinkResult): void {
  if (end - off < 4) return;
  const family = buf[off];
  let o = off + 4;
  while (o + 4 <= end) {
    const tlvLen = buf.readUInt16LE(o);
    const type = buf.readUInt16LE(o + 2);
    if (tlvLen < 4) return;
    if (type === 9) {
      out.off = o + 4;
      out.proto = family === 2 ? ETH_IPV4 : family === 10 ? ETH_IPV6 : 0;
      return;
    }
    o += (tlvLen + 3) & ~3;
  }
}
