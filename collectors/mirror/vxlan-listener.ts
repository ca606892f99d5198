import { createSocket, type Socket } from 'node:dgram';
import type { Exchange } from '../../lib/exchange';
import { emptyReport, type ExtractReport } from '../extract-types';
import { CaptureEngine } from '../pcap/capture-engine';
import { kernelReassemblyFailures } from './kernel-reassembly';
import { MirrorClock } from './mirror-clock';
import { udpSocketDrops } from './socket-drops';
import { datagramVni } from './vni-filter';
import { fileProblem } from '../../lib/file-problem';

export interface MirrorOptions {
  /** `udp://host:port`, e.g. `udp://0.0.0.0:4789` (the VXLAN port AWS Traffic Mirroring sends to). */
  listen: string;
  fingerprintKey: Uint8Array | string;
  signal: AbortSignal;
  /** Called once the socket is bound, with the actual address (port 0 picks a free one). */
  onListening?: (address: string) => void;
  /** Only these VXLAN Network Identifiers are decoded; the rest are counted as `otherVni` (default: all). */
  vnis?: readonly number[];
  /** Problems worth saying while the mirror runs (they are in the final report's warnings too). */
  onWarning?: (text: string) => void;
}

/** How often idle flows are swept while the mirror is quiet. */
const SWEEP_MS = 1000;
/** A socket buffer deep enough to ride out a GC pause at a few hundred Mbit/s of mirrored traffic. */
const RECV_BUFFER = 32 << 20;
/** Kernel drops and reassembly failures are said while running at most this often (and always in the final report). */
const DROP_WARNING_MS = 60_000;

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
  let failedDatagrams = 0;
  let firstFailure = '';
  const clock = new MirrorClock();
  socket.on('message', (msg) => {
    // Too short to carry a VNI: the engine counts it as malformed.
    const vni = datagramVni(msg);
    if (wanted && vni !== -1 && !wanted.has(vni)) return void otherVni++;
    try {
      engine.vxlanDatagram(msg, clock.now());
    } catch (err) {
      // Anyone who can reach the port sends these: a datagram a decoder fails on (a bug) must not end the
      // collector for everyone else's traffic. Counted, said once while running, and in the final report.
      if (failedDatagrams++ === 0) {
        firstFailure = (err as Error).message;
        opts.onWarning?.(`a datagram could not be decoded (${firstFailure}); the mirror goes on and counts such datagrams`);
      }
    }
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
    report.errors.push(`${opts.listen}: ${fileProblem(err)}`);
    socket.close();
    return report;
  }
  socket.on('error', (err) => report.warnings.push(`${opts.listen}: ${err.message}`));
  const bound = socket.address();
  const warn = (text: string) => {
    report.warnings.push(`${opts.listen}: ${text}`);
    opts.onWarning?.(text);
  };
  // Linux grants twice what is asked (half of it is bookkeeping), capped at twice net.core.rmem_max.
  const doubled = process.platform === 'linux' ? 2 : 1;
  const buffer = socket.getRecvBufferSize() / doubled;
  if (buffer < RECV_BUFFER) {
    warn(`the socket receive buffer is ${mib(buffer)}, not the ${mib(RECV_BUFFER)} asked for (capped by the kernel: net.core.rmem_max on Linux); bursts faster than Lantern reads them will be dropped`);
  }
  opts.onListening?.(`udp://${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`);
  // Counted since the mirror started: the namespace's counter also holds what happened before.
  const reassemblyBaseline = kernelReassemblyFailures();
  const reassemblyFailures = () => (reassemblyBaseline === undefined ? undefined : (kernelReassemblyFailures() ?? reassemblyBaseline) - reassemblyBaseline);
  const drops = new PeriodicWarning((n) => `${n} datagrams dropped by the kernel so far (receive buffer full)`);
  const reassembly = new PeriodicWarning((n) => `${n} fragmented IP datagrams could not be reassembled by the kernel so far in this network namespace (see the final report)`);
  const sweeper = setInterval(() => {
    clock.check();
    engine.tick(clock.now());
    drops.check(udpSocketDrops(bound.address, bound.port) ?? 0, opts.onWarning);
    reassembly.check(reassemblyFailures() ?? 0, opts.onWarning);
  }, SWEEP_MS);
  await new Promise<void>((resolve) => {
    if (opts.signal.aborted) resolve();
    else opts.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  const kernelDrops = udpSocketDrops(bound.address, bound.port);
  const kernelReassemblyFails = reassemblyFailures();
  clearInterval(sweeper);
  socket.close();
  engine.finish();
  report.exchanges = engine.exchanges;
  report.stats = {
    ...engine.stats(),
    ...(wanted ? { otherVni } : {}),
    ...(kernelDrops === undefined ? {} : { kernelDrops }),
    ...(kernelReassemblyFails === undefined ? {} : { kernelReassemblyFailures: kernelReassemblyFails }),
    ...(failedDatagrams > 0 ? { failedDatagrams } : {}),
  };
  if (failedDatagrams > 0) report.warnings.push(`${opts.listen}: ${failedDatagrams} datagram${failedDatagrams === 1 ? '' : 's'} could not be decoded (the first: ${firstFailure})`);
  if (kernelDrops) {
    report.warnings.push(`${opts.listen}: ${kernelDrops} datagrams were dropped by the kernel before Lantern read them (receive buffer full): their flows have capture gaps`);
  }
  if (kernelReassemblyFails) {
    report.warnings.push(`${opts.listen}: ${kernelReassemblyFails} fragmented IP datagrams could not be reassembled by the kernel while the mirror ran (counted for the whole network namespace): ${REASSEMBLY_CAUSE}`);
  }
  return report;
}

/** Why fragments reach a mirror and are lost, and what fixes it (see kernel-reassembly.ts). */
const REASSEMBLY_CAUSE =
  'mirrored frames among them are missing and their flows have capture gaps. Encapsulated frames bigger than the path MTU arrive as fragments; one over 65 535 bytes can never be reassembled (a GSO/TSO super-frame that tc mirrors into a Linux VXLAN device): turn segmentation offloads off on the mirrored interface (ethtool -K IF gso off tso off gro off), or raise net.ipv4.ipfrag_high_thresh when fragment memory is the limit';

/** A growing kernel counter said while the mirror runs, at most once a minute (and always in the final report). */
class PeriodicWarning {
  private said = 0;
  private saidAt = 0;

  constructor(private readonly text: (count: number) => string) {}

  check(count: number, onWarning: ((text: string) => void) | undefined): void {
    if (count <= this.said || Date.now() - this.saidAt < DROP_WARNING_MS) return;
    onWarning?.(this.text(count));
    this.said = count;
    this.saidAt = Date.now();
  }
}

function mib(bytes: number): string {
  return `${Math.round((bytes / (1 << 20)) * 10) / 10} MiB`;
}
