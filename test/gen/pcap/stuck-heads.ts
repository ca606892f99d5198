import { fileSink, PcapWriter } from './pcap-writer';
import { ACK, PSH, SYN, writeTcpFrame } from './tcp-frames';

/**
 * The collector's memory worst case: `connections` clients each open a connection and send the first
 * 1.3 KB of a request head that never ends, so every flow is tracked at once (up to the connection cap,
 * past which the oldest are evicted) and holds a partial header block (up to the header-buffer budget).
 * bench:pcap measures peak RSS on it; the 300 MB budget must hold with one thread and with workers.
 */
export function writeStuckHeadsCapture(path: string, connections: number): { packets: number; bytes: number } {
  const sink = fileSink(path);
  try {
    const w = new PcapWriter(sink.write);
    let ts = 1_700_000_000_000_000;
    const server = { ip: (10 << 24) | (9 << 16) | 1, port: 80, mac: 0x0200000000ff };
    const head = Buffer.from(`GET /stuck HTTP/1.1\r\nHost: worst.case\r\nX-Filler: ${'a'.repeat(1300)}`);
    for (let i = 0; i < connections; i++) {
      const client = { ip: (10 << 24) | (1 << 16) | (i & 0xffff), port: 10_000 + (i % 50_000), mac: 0x0200000000a0 };
      writeTcpFrame(w, ts++, client, server, 1000, 0, SYN);
      writeTcpFrame(w, ts++, server, client, 5000, 1001, SYN | ACK);
      writeTcpFrame(w, ts++, client, server, 1001, 5001, ACK);
      writeTcpFrame(w, ts++, client, server, 1001, 5001, PSH | ACK, head);
    }
    w.flush();
    return { packets: w.packets, bytes: w.bytes };
  } finally {
    sink.close();
  }
}
