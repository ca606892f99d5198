import { parseArgs } from 'node:util';
import { parseVniList } from '../../collectors/mirror/vni-filter';
import { parseListenUrl, runVxlanMirror } from '../../collectors/mirror/vxlan-listener';
import { loadFingerprintKey } from '../../lib/fingerprint-key';
import { createLineWriter } from '../line-writer';
import { OutputBacklog } from '../output-backlog';
import { printSummary } from '../summary';

export const summary = 'live VXLAN traffic mirror (UDP) → one JSON exchange per line on stdout';

/** Output waiting for a slow reader, by default: minutes of records at a busy mirror's rate, a bounded heap. */
const DEFAULT_BACKLOG_MIB = 64;
/**
 * How long a stopping mirror waits for its reader to take the records still queued. A stalled reader otherwise
 * kept it running after SIGTERM until a second signal killed it (an init system's stop timeout), losing the queue
 * uncounted; a reader that is merely slow takes a few MiB well within this.
 */
const DEFAULT_DRAIN_SECONDS = 5;

const HELP = `Usage: lantern mirror [--listen udp://HOST:PORT] [--vni N[,M...]] [--max-output-backlog MIB] [--drain-timeout SECONDS]

Receives VXLAN-encapsulated mirrored packets (AWS VPC Traffic Mirroring, Azure vTAP, a SPAN/OVS mirror
sending VXLAN) and writes one JSON exchange per line to stdout as flows complete. Stops on SIGINT/SIGTERM,
flushing open flows, and prints a summary to stderr. Default --listen udp://0.0.0.0:4789.
--vni decodes only the listed VXLAN Network Identifiers (one mirror session each); others are counted.
Datagrams the kernel dropped because the socket's receive buffer was full are counted (kernelDrops, Linux)
and said as a warning; a receive buffer capped below 32 MiB (net.core.rmem_max) is said at start.
Fragmented datagrams the kernel could not reassemble while the mirror ran (kernelReassemblyFailures, Linux,
whole network namespace) are counted and explained: an encapsulated frame over 65 535 bytes, such as a
segmentation-offload super-frame mirrored by tc into a VXLAN device, never reaches the socket.
Records waiting for a reader that does not keep up (stdout to a stalled pipe) are held up to
--max-output-backlog MiB (default ${DEFAULT_BACKLOG_MIB}); past that they are dropped, counted (outputDropped) and warned about.
On stopping, records the reader has not taken within --drain-timeout seconds (default ${DEFAULT_DRAIN_SECONDS}) are given up,
counted (outputUnwritten: the records of a write the pipe took only part of count too) and warned about, and the
mirror exits.
Exit codes: 0 stopped normally (records dropped or given up are warnings), 2 the socket could not be opened, or --listen, --vni,
--max-output-backlog or --drain-timeout is invalid.
`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      listen: { type: 'string', default: 'udp://0.0.0.0:4789' },
      vni: { type: 'string' },
      'max-output-backlog': { type: 'string', default: String(DEFAULT_BACKLOG_MIB) },
      'drain-timeout': { type: 'string', default: String(DEFAULT_DRAIN_SECONDS) },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  // A usage error like --vni's: until 6 Dec said after an empty run's summary, as `error: tcp://…: expected udp://host:port`.
  if (!parseListenUrl(values.listen!)) {
    process.stderr.write(`lantern mirror: --listen: '${values.listen}' is not udp://HOST:PORT (e.g. udp://0.0.0.0:4789, udp://[::]:4789)\n`);
    return 2;
  }
  const vnis = values.vni === undefined ? undefined : parseVniList(values.vni);
  if (vnis && 'error' in vnis) {
    process.stderr.write(`lantern mirror: ${vnis.error}\n`);
    return 2;
  }
  const backlogMib = values['max-output-backlog']!;
  if (!/^\d{1,6}$/.test(backlogMib)) {
    process.stderr.write(`lantern mirror: --max-output-backlog: '${backlogMib}' is not a whole number of MiB\n`);
    return 2;
  }
  const drainSeconds = values['drain-timeout']!;
  if (!/^\d{1,5}$/.test(drainSeconds)) {
    process.stderr.write(`lantern mirror: --drain-timeout: '${drainSeconds}' is not a whole number of seconds\n`);
    return 2;
  }
  // Before the flush timer and signal handlers: a bad key must end the command, not leave it running with
  // nothing to do, deaf to the first SIGINT/SIGTERM.
  const fingerprintKey = await loadFingerprintKey();
  const out = createLineWriter(process.stdout);
  const backlog = new OutputBacklog(process.stdout, Number(backlogMib) * (1 << 20), () =>
    process.stderr.write(`lantern mirror: warning: the reader of stdout is not keeping up: past ${backlogMib} MiB waiting, records are dropped and counted (outputDropped)\n`),
  );
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  // Live output must not sit in the line writer's 64 KiB batch while traffic is light.
  const flusher = setInterval(() => void out.end(), 500);
  const started = performance.now();
  const report = await runVxlanMirror(
    {
      listen: values.listen!,
      fingerprintKey,
      signal: controller.signal,
      vnis,
      onListening: (address) => process.stderr.write(`lantern mirror: listening on ${address}\n`),
      onWarning: (text) => process.stderr.write(`lantern mirror: warning: ${text}\n`),
    },
    (ex) => {
      if (backlog.admit()) out.write(JSON.stringify(ex));
    },
  );
  clearInterval(flusher);
  if (backlog.dropped > 0) {
    report.stats.outputDropped = backlog.dropped;
    report.warnings.push(`${backlog.dropped} exchanges were dropped because the reader of stdout did not keep up (over ${backlogMib} MiB waiting)`);
  }
  if (!(await out.endWithin(Number(drainSeconds) * 1000))) {
    const unwritten = out.untaken();
    // A write queued on stdout keeps the event loop alive, and Node never closes stdout (destroy() leaves the fd
    // open): only an exit ends the process. Deferred past main's return, so bin/lantern has set the exit code.
    setImmediate(() => process.exit());
    report.stats.outputUnwritten = unwritten;
    report.warnings.push(`${unwritten} exchanges were not written because the reader of stdout had not taken them ${drainSeconds} s after the stop (--drain-timeout)`);
  }
  printSummary(report, performance.now() - started);
  return report.errors.length > 0 ? 2 : 0;
}
