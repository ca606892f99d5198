import { writeConversation, type Turn } from './conversation';
import { PcapWriter } from './pcap-writer';

/** VXLAN and GENEVE ride in UDP; GRE (with a key) and ERSPAN II and III in GRE, IP protocol 47. */
export type Tunnel = 'vxlan' | 'geneve' | 'gre' | 'erspan2' | 'erspan3';

export const VXLAN_PORT = 4789;
export const GENEVE_PORT = 6081;

/**
 * The tunnel header and inner Ethernet frame, as a VTEP puts them in its UDP payload (what `lantern mirror` receives),
 * or a GRE/ERSPAN source in its IP payload; `id` is the VNI, GRE key or ERSPAN session id.
 */
export function tunnelPayload(tunnel: Tunnel, id: number, frame: Buffer): Buffer {
  if (tunnel === 'gre') {
    const h = Buffer.alloc(8);
    h.writeUInt16BE(0x2000, 0); // RFC 2890: key present
    h.writeUInt16BE(0x6558, 2);
    h.writeUInt32BE(id, 4);
    return Buffer.concat([h, frame]);
  }
  if (tunnel === 'erspan2' || tunnel === 'erspan3') {
    // GRE with a sequence number, then the ERSPAN header: version, VLAN, then COS/encapsulation/truncated/session id.
    const ii = tunnel === 'erspan2';
    const h = Buffer.alloc(8 + (ii ? 8 : 12));
    h.writeUInt16BE(0x1000, 0);
    h.writeUInt16BE(ii ? 0x88be : 0x22eb, 2);
    h.writeUInt16BE(ii ? 0x1000 : 0x2000, 8);
    h.writeUInt16BE(0xe000 | id, 10); // COS 7 in the bits above the 10-bit session id
    return Buffer.concat([h, frame]);
  }
  const h = Buffer.alloc(8);
  if (tunnel === 'vxlan') h[0] = 0x08; // RFC 7348: I flag, VNI valid
  else h.writeUInt16BE(0x6558, 2); // RFC 8926: version 0, no options, Transparent Ethernet Bridging
  h.writeUIntBE(id, 4, 3);
  return Buffer.concat([h, frame]);
}

/** Writes an outer Ethernet/IPv4 frame from one tunnel source to the collector, carrying `payload` in UDP or GRE. */
export function writeTunnelFrame(w: PcapWriter, tsUs: number, tunnel: Tunnel, payload: Buffer): void {
  const udp = tunnel === 'vxlan' || tunnel === 'geneve' ? 8 : 0;
  const { buf, at } = w.begin(tsUs, 14 + 20 + udp + payload.length);
  buf.writeUIntBE(0x02000000000a, at, 6);
  buf.writeUIntBE(0x02000000000b, at + 6, 6);
  buf.writeUInt16BE(0x0800, at + 12);
  const ip = at + 14;
  buf.fill(0, ip, ip + 20 + udp);
  buf[ip] = 0x45;
  buf.writeUInt16BE(20 + udp + payload.length, ip + 2);
  buf[ip + 8] = 64;
  buf[ip + 9] = udp ? 17 : 47;
  buf.writeUInt32BE(0xc0a80001, ip + 12);
  buf.writeUInt32BE(0xc0a80002, ip + 16);
  if (udp) {
    buf.writeUInt16BE(50000, ip + 20);
    buf.writeUInt16BE(tunnel === 'vxlan' ? VXLAN_PORT : GENEVE_PORT, ip + 22);
    buf.writeUInt16BE(8 + payload.length, ip + 24);
  }
  payload.copy(buf, ip + 20 + udp);
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
 * (`GET /from-vni-2`), interleaved packet by packet. The tunnel payloads, in capture order. `ids` are the two
 * networks' ids (VNIs, GRE keys, ERSPAN session ids) and `label` names them in the paths.
 */
export function twoTenantPayloads(tunnel: Tunnel, ids: [number, number] = [1, 2], label = 'vni'): { tsUs: number; payload: Buffer }[] {
  const one = conversationFrames(exchange(`/from-${label}-${ids[0]}`));
  const two = conversationFrames(exchange(`/from-${label}-${ids[1]}`));
  const out: { tsUs: number; payload: Buffer }[] = [];
  for (let i = 0; i < Math.max(one.length, two.length); i++) {
    if (i < one.length) out.push({ tsUs: one[i].tsUs, payload: tunnelPayload(tunnel, ids[0], one[i].frame) });
    if (i < two.length) out.push({ tsUs: two[i].tsUs, payload: tunnelPayload(tunnel, ids[1], two[i].frame) });
  }
  return out;
}

/**
 * One conversation (`GET /one-session`) whose directions a mirror source tunnels under two ids, as the Cisco
 * source of the shared `zeek__erspan.pcap` does (GRE key 0 from the client, 0x02000000 from the server); the
 * same id twice is an ordinary session.
 */
export function perDirectionPayloads(tunnel: Tunnel, fromClient: number, fromServer: number): { tsUs: number; payload: Buffer }[] {
  return conversationFrames(exchange('/one-session')).map(({ tsUs, frame }) => {
    // The client is 10.0.0.1 (conversation.ts): its frames carry it as the IPv4 source, at 14 + 12.
    const id = frame.readUInt32BE(26) === 0x0a000001 ? fromClient : fromServer;
    return { tsUs, payload: tunnelPayload(tunnel, id, frame) };
  });
}

/** A conversation on another port of VNI 1 (`GET /last`), sent after the others: its record says all before it were read. */
export function lastPayloads(tunnel: Tunnel): Buffer[] {
  return conversationFrames(exchange('/last'), 40001).map((f) => tunnelPayload(tunnel, 1, f.frame));
}

/** `twoTenantPayloads` as a capture taken on the collector's side of the tunnel (classic pcap). */
export function twoTenantsPcap(tunnel: Tunnel, ids?: [number, number], label?: string): Buffer {
  return tunnelPcap(tunnel, twoTenantPayloads(tunnel, ids, label));
}

/** Tunnel payloads as a capture taken on the collector's side of the tunnel (classic pcap). */
export function tunnelPcap(tunnel: Tunnel, payloads: { tsUs: number; payload: Buffer }[]): Buffer {
  const chunks: Buffer[] = [];
  const w = new PcapWriter((c) => chunks.push(c));
  for (const { tsUs, payload } of payloads) writeTunnelFrame(w, tsUs, tunnel, payload);
  w.flush();
  return Buffer.concat(chunks);
}
