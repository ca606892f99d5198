import { createSocket, type Socket } from 'node:dgram';
import type { Exchange } from '../../lib/exchange';
import { emptyReport, type ExtractReport } from '../extract-types';
import { CaptureEngine } from '../pcap/capture-engine';
import { datagramVni } from './vni-filter';

export interface MirrorOptions {
  /** `udp://host:port`, e.g. `udp://0.0.0.0:4789` (the VXLAN port AWS Traffic Mirroring sends to). */
  listen: string;
  fingerprintKey: Uint8Array | string;
  signal: AbortSignal;
  /** Called once the socket is bound, with the actual address (port 0 picks a free one). */
  onListening?: (address: string) => void;
  /** Only these VXLAN Network Identifiers are decoded; the rest are counted as `otherVni` (default: all). */
  vnis?: readonly number[];
}

/** How often idle flows are swept while the mirror is quiet. */
const SWEEP_MS = 1000;
/** A socket buffer deep enough to ride out a GC pause at a few hundred Mbit/s of mirrored traffic. */
const RECV_BUFFER = 32 << 20;

export function parseListenUrl(url: string): { host: string; port: number } | undefined {
  const m = /^udp:\/\/(\[[0-9a-fA-F:.]+\]|[^:/]+):(\d{1,5})$/.exec(url);
  if (!m) return undefined;
  const port = Number(m[2]);
  if (port > 65535) return undefined;
  return { host: m[1].replace(/^\[|\]$/g, ''), port };
}

/**
 * Live mirror: each UDP datagram is one VXLAN-encapsulated frame (AWS VPC Traffic Mirroring, Azure vTAP,
 * a switch or Open vSwitch mirror port). Exchanges stream out as flows complete; runs until aborted.
 */
export async function runVxlanMirror(opts: MirrorOptions, sink: (ex: Exchange) => void): Promise<ExtractReport> {
  const report = emptyReport();
  const addr = parseListenUrl(opts.listen);
  if (!addr) {
    report.errors.push(`${opts.listen}: expected udp://host:port`);
    return report;
  }
  const engine = new CaptureEngine(opts.listen, { fingerprintKey: opts.fingerprintKey }, sink);
  const socket: Socket = createSocket({ type: addr.host.includes(':') ? 'udp6' : 'udp4', recvBufferSize: RECV_BUFFER });
  const wanted = opts.vnis ? new Set(opts.vnis) : undefined;
  let otherVni = 0;
  socket.on('message', (msg) => {
    // Too short to carry a VNI: the engine counts it as malformed.
    const vni = datagramVni(msg);
    if (wanted && vni !== -1 && !wanted.has(vni)) otherVni++;
    else engine.vxlanDatagram(msg, Date.now());
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(addr.port, addr.host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    report.errors.push(`${opts.listen}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    socket.close();
    return report;
  }
  socket.on('error', (err) => report.warnings.push(`${opts.listen}: ${err.message}`));
  const bound = socket.address();
  opts.onListening?.(`udp://${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`);
  const sweeper = setInterval(() => engine.tick(Date.now()), SWEEP_MS);
  await new Promise<void>((resolve) => {
    if (opts.signal.aborted) resolve();
    else opts.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  clearInterval(sweeper);
  socket.close();
  engine.finish();
  report.exchanges = engine.exchanges;
  report.stats = wanted ? { ...engine.stats(), otherVni } : engine.stats();
  return report;
}
