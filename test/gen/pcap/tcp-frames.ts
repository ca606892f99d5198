import type { PcapWriter } from './pcap-writer';

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;
const HEADER = 14 + 20 + 20;

export interface Endpoint {
  ip: number;
  port: number;
  mac: number;
}

/**
 * Writes one Ethernet/IPv4/TCP frame straight into the pcap buffer. Checksums are left zero: every
 * reader under test (Lantern, tshark, httpry) ignores them by default, as offloaded captures require.
 */
export function writeTcpFrame(
  w: PcapWriter,
  tsUs: number,
  src: Endpoint,
  dst: Endpoint,
  seq: number,
  ack: number,
  flags: number,
  payload?: Buffer,
  pStart = 0,
  pEnd = payload ? payload.length : 0,
): void {
  const len = pEnd - pStart;
  const { buf, at } = w.begin(tsUs, HEADER + len);
  buf.writeUIntBE(dst.mac, at, 6);
  buf.writeUIntBE(src.mac, at + 6, 6);
  buf.writeUInt16BE(0x0800, at + 12);
  const ip = at + 14;
  buf[ip] = 0x45;
  buf[ip + 1] = 0;
  buf.writeUInt16BE(20 + 20 + len, ip + 2);
  buf.writeUInt16BE(0, ip + 4);
  buf.writeUInt16BE(0x4000, ip + 6);
  buf[ip + 8] = 64;
  buf[ip + 9] = 6;
  buf.writeUInt16BE(0, ip + 10);
  buf.writeUInt32BE(src.ip >>> 0, ip + 12);
  buf.writeUInt32BE(dst.ip >>> 0, ip + 16);
  const tcp = ip + 20;
  buf.writeUInt16BE(src.port, tcp);
  buf.writeUInt16BE(dst.port, tcp + 2);
  buf.writeUInt32BE(seq >>> 0, tcp + 4);
  buf.writeUInt32BE(ack >>> 0, tcp + 8);
  buf[tcp + 12] = 5 << 4;
  buf[tcp + 13] = flags;
  buf.writeUInt16BE(65535, tcp + 14);
  buf.writeUInt32BE(0, tcp + 16);
  if (payload && len > 0) payload.copy(buf, tcp + 20, pStart, pEnd);
}
