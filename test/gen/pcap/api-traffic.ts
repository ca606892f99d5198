import { seededRandom } from '../../../lib/seeded-random';
import { buildApiCatalog, clientCredential, type ApiCall } from './api-catalog';
import type { PcapWriter } from './pcap-writer';
import { ACK, FIN, PSH, SYN, writeTcpFrame, type Endpoint } from './tcp-frames';

export interface TrafficOptions {
  seed: number;
  /** Stop after this many capture bytes… */
  targetBytes?: number;
  /** …or after this many exchanges, whichever comes first. */
  exchanges?: number;
  /** Keep-alive connections open at once. */
  connections?: number;
  /** Exchanges per connection before it closes and a new one opens. */
  perConnection?: number;
  mss?: number;
  /** Share of data segments written twice (retransmission) and swapped with the next one (reordering). */
  retransmitRate?: number;
  reorderRate?: number;
  /** Called for every request written, for tests that compare against it. */
  onRequest?: (call: ApiCall, packet: number) => void;
}

interface Conn {
  client: Endpoint;
  server: Endpoint;
  cseq: number;
  sseq: number;
  left: number;
  open: boolean;
  credential: Buffer;
}

/**
 * Keep-alive API traffic as a mirror sees it: handshakes, requests and responses cut at the MSS,
 * delayed ACKs, a little retransmission and reordering, orderly closes. Returns what it wrote.
 */
export function generateApiTraffic(w: PcapWriter, opts: TrafficOptions): { exchanges: number } {
  const r = seededRandom(opts.seed);
  const catalog = buildApiCatalog(opts.seed);
  const mss = opts.mss ?? 1448;
  const nConn = opts.connections ?? 256;
  const perConn = opts.perConnection ?? 400;
  const retx = opts.retransmitRate ?? 0.002;
  const reorder = opts.reorderRate ?? 0.002;
  let port = 20000;
  let ts = 1_763_900_000_000_000;
  const newConn = (i: number): Conn => {
    port = port >= 65000 ? 20000 : port + 1;
    return {
      client: { ip: (10 << 24) | (1 << 16) | (i & 0xffff), port, mac: 0x0200000000a0 + i },
      server: { ip: (10 << 24) | (9 << 16) | (1 + (i % 4)), port: 8080, mac: 0x0200000000ff },
      cseq: Math.floor(r() * 2 ** 32),
      sseq: Math.floor(r() * 2 ** 32),
      left: 1 + Math.floor(r() * perConn * 2),
      open: false,
      credential: clientCredential(r),
    };
  };
  const conns = Array.from({ length: nConn }, (_, i) => newConn(i));
  const tick = () => (ts += 5 + Math.floor(r() * 40));

  const send = (c: Conn, fromClient: boolean, data: Buffer) => {
    const [src, dst] = fromClient ? [c.client, c.server] : [c.server, c.client];
    let seq = fromClient ? c.cseq : c.sseq;
    const ack = fromClient ? c.sseq : c.cseq;
    const segs: [number, number, number][] = [];
    for (let o = 0; o < data.length; o += mss) segs.push([seq + o, o, Math.min(data.length, o + mss)]);
    for (let k = 0; k < segs.length; k++) {
      if (k + 1 < segs.length && r() < reorder) {
        [segs[k], segs[k + 1]] = [segs[k + 1], segs[k]];
      }
      const [s, a, b] = segs[k];
      writeTcpFrame(w, tick(), src, dst, s, ack, PSH | ACK, data, a, b);
      if (r() < retx) writeTcpFrame(w, tick(), src, dst, s, ack, PSH | ACK, data, a, b);
      // Delayed ACK: one pure ACK per two segments from the receiver.
      if (k % 2 === 1 || k === segs.length - 1) writeTcpFrame(w, tick(), dst, src, ack, seq + b, ACK);
    }
    seq = (seq + data.length) >>> 0;
    if (fromClient) c.cseq = seq;
    else c.sseq = seq;
  };

  let exchanges = 0;
  const limitBytes = opts.targetBytes ?? Infinity;
  const limitEx = opts.exchanges ?? Infinity;
  while (w.bytes < limitBytes && exchanges < limitEx) {
    const i = Math.floor(r() * nConn);
    let c = conns[i];
    if (!c.open) {
      writeTcpFrame(w, tick(), c.client, c.server, c.cseq, 0, SYN);
      writeTcpFrame(w, tick(), c.server, c.client, c.sseq, c.cseq + 1, SYN | ACK);
      c.cseq = (c.cseq + 1) >>> 0;
      c.sseq = (c.sseq + 1) >>> 0;
      writeTcpFrame(w, tick(), c.client, c.server, c.cseq, c.sseq, ACK);
      c.open = true;
    }
    const call = catalog[Math.floor(r() * catalog.length)];
    opts.onRequest?.(call, w.packets + 1);
    send(c, true, Buffer.concat([call.request, c.credential, call.requestTail]));
    ts += 200 + Math.floor(r() * 3000); // server think time
    send(c, false, call.response);
    exchanges++;
    if (--c.left === 0) {
      writeTcpFrame(w, tick(), c.client, c.server, c.cseq, c.sseq, FIN | ACK);
      writeTcpFrame(w, tick(), c.server, c.client, c.sseq, c.cseq + 1, FIN | ACK);
      writeTcpFrame(w, tick(), c.client, c.server, c.cseq + 1, c.sseq + 1, ACK);
      c = conns[i] = newConn(i);
    }
  }
  for (const c of conns) {
    if (!c.open) continue;
    writeTcpFrame(w, tick(), c.client, c.server, c.cseq, c.sseq, FIN | ACK);
    writeTcpFrame(w, tick(), c.server, c.client, c.sseq, c.cseq + 1, FIN | ACK);
  }
  w.flush();
  return { exchanges };
}
