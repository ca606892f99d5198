import { writeConversation, type Turn } from './conversation';
import { PcapWriter } from './pcap-writer';

export type Tunnel = 'vxlan' | 'geneve';

export const VXLAN_PORT = 4789;
export const GENEVE_PORT = 6081;

/** The tunnel header and inner Ethernet frame, as a VTEP puts them in its UDP payload (what `lantern mirror` receives). */
export function tunnelPayload(tunnel: Tunnel, vni: number, frame: Buffer): Buffer {
  const h = Buffer.alloc(8);
  if (tunnel === 'vxlan') h[0] = 0x08; // RFC 7348: I flag, VNI valid
  else h.writeUInt16BE(0x6558, 2); // RFC 8926: version 0, no options, Transparent Ethernet Bridging
  h.writeUIntBE(vni, 4, 3);
  return Buffer.concat([h, frame]);
}

/** Writes an outer Ethernet/IPv4/UDP frame from one VTEP to the collector, carrying `payload`. */
export function writeTunnelFrame(w: PcapWriter, tsUs: number, tunnel: Tunnel, payload: Buffer): void {
  const { buf, at } = w.begin(tsUs, 14 + 20 + 8 + payload.length);
  buf.writeUIntBE(0x02000000000a, at, 6);
  buf.writeUIntBE(0x02000000000b, at + 6, 6);
  buf.writeUInt16BE(0x0800, at + 12);
  const ip = at + 14;
  buf.fill(0, ip, ip + 28);
  buf[ip] = 0x45;
  buf.writeUInt16BE(20 + 8 + payload.length, ip + 2);
  buf[ip + 8] = 64;
  buf[ip + 9] = 17;
  buf.writeUInt32BE(0xc0a80001, ip + 12);
  buf.writeUInt32BE(0xc0a80002, ip + 16);
  buf.writeUInt16BE(50000, ip + 20);
  buf.writeUInt16BE(tunnel === 'vxlan' ? VXLAN_PORT : GENEVE_PORT, ip + 22);
  buf.writeUInt16BE(8 + payload.length, ip + 24);
  payload.copy(buf, ip + 28);
}

/** The Ethernet frames of one scripted conversation, with their capture times (µs). */
export function conversationFrames(turns: Turn[], clientPort = 40000, tsStart?: number): { tsUs: number; frame: Buffer }[] {
  const chunks: Buffer[] = [];
  const w = new PcapWriter((c) => chunks.push(c));
  writeConversation(w, turns, { clientPort }, tsStart);
  w.flush();
  const capture = Buffer.concat(chunks);
  const out: { tsUs: number; frame: Buffer }[] = [];
  for (let off = 24; off + 16 <= capture.length; ) {
    const len = capture.readUInt32LE(off + 8);
    out.push({ tsUs: capture.readUInt32LE(off) * 1e6 + capture.readUInt32LE(off + 4), frame: capture.subarray(off + 16, off + 16 + len) });
    off += 16 + len;
  }
  return out;
}

const exchange = (path: string): Turn[] => [
  { from: 'client', data: `GET ${path} HTTP/1.1\r\nHost: api.tenant.test\r\n\r\n` },
  { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok' },
];

/**
 * Two tenants whose address spaces overlap, as in a multi-tenant cloud: the same client and server
 * addresses, ports and sequence numbers, one conversation on VNI 1 (`GET /from-vni-1`) and one on VNI 2
 * (`GET /from-vni-2`), interleaved packet by packet. The tunnel payloads, in capture order.
 */
export function twoTenantPayloads(tunnel: Tunnel): { tsUs: number; payload: Buffer }[] {
  const one = conversationFrames(exchange('/from-vni-1'));
  const two = conversationFrames(exchange('/from-vni-2'));
  const out: { tsUs: number; payload: Buffer }[] = [];
  for (let i = 0; i < Math.max(one.length, two.length); i++) {
    if (i < one.length) out.push({ tsUs: one[i].tsUs, payload: tunnelPayload(tunnel, 1, one[i].frame) });
    if (i < two.length) out.push({ tsUs: two[i].tsUs, payload: tunnelPayload(tunnel, 2, two[i].frame) });
  }
  return out;
}

/** A conversation on another port of VNI 1 (`GET /last`), sent after the others: its record says all before it were read. */
export function lastPayloads(tunnel: Tunnel): Buffer[] {
  return conversationFrames(exchange('/last'), 40001).map((f) => tunnelPayload(tunnel, 1, f.frame));
}

/** `twoTenantPayloads` as a capture taken on the collector's side of the tunnel (classic pcap). */
export function twoTenantsPcap(tunnel: Tunnel): Buffer {
  const chunks: Buffer[] = [];
  const w = new PcapWriter((c) => chunks.push(c));
  for (const { tsUs, payload } of twoTenantPayloads(tunnel)) writeTunnelFrame(w, tsUs, tunnel, payload);
  w.flush();
  return Buffer.concat(chunks);
}
