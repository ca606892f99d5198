import { stat } from 'node:fs/promises';
import type { Exchange } from '../../lib/exchange';
import { emptyReport, mergeReports, type ExchangeSink, type ExtractOptions, type ExtractReport } from '../extract-types';
import type { DirectoryInbox } from '../directory-inbox';
import type { StreamInput } from '../stream-input';
import type { BodyAnalysis } from '../http/body-budget';
import { CaptureEngine, totalsSince, type EngineTotals } from './capture-engine';
import { listCaptureFiles } from './capture-files';
import { captureReport, type CaptureRun } from './capture-report';
import { followDirectories } from './follow-captures';
import { readCaptureHead } from './open-capture';
import { rotatedSeries } from './rotation';
import { readCapture, readCaptureStream, type CaptureOutcome, type ClassicReader } from './read-capture';
import { extractSharded } from './sharded-extract';
import { fileProblem } from '../../lib/file-problem';

export interface CaptureExtractOptions extends ExtractOptions {
  /** Benchmarks compare the classic-pcap readers; normal runs use the default (built-in). */
  classicReader?: ClassicReader;
  bodyAnalysis?: BodyAnalysis;
}

/** Below this, starting the workers costs more than they save. */
const SHARD_MIN_BYTES = 64 << 20;

/** Captures (pcap, pcapng, .gz) and capture directories → exchanges. */
export async function extractCaptures(
  inputs: string[],
  opts: CaptureExtractOptions,
  sink: ExchangeSink,
  /** With `follow`: directories that become capture directories while it runs (../directory-kind.ts). */
  inbox?: DirectoryInbox,
): Promise<ExtractReport> {
  let report = emptyReport();
  const follows: string[] = [];
  for (const [i, input] of inputs.entries()) {
    if (opts.signal?.aborted && !opts.follow) {
      // Said as logs not read are (logs/extract-logs.ts): until 6 Dec each was read with the stop already asked,
      // "stopped on request after packet 0", and counted among the files read.
      const rest = inputs.slice(i);
      report.warnings.push(`stopped on request: ${rest.length} capture${rest.length > 1 ? 's' : ''} not read (${rest.slice(0, 5).join(', ')}${rest.length > 5 ? ', …' : ''})`);
      break;
    }
    let isDir = false;
    try {
      isDir = (await stat(input)).isDirectory();
    } catch (err) {
      report.errors.push(`${input}: ${fileProblem(err)}`);
      continue;
    }
    if (!isDir) {
      report = mergeReports(report, await extractCaptureSeries([input], opts, sink));
      if (opts.follow) {
        await opts.flushOutput?.({ path: input });
        // Until 6 Dec `--follow live.pcap` (tcpdump -w writing it) read what was there and ended at once, silently.
        const said = `${input}: a capture file is read once, not followed; follow the directory tcpdump -C/-G or dumpcap -b rotates into, or pipe a live capture (tcpdump -w - | lantern extract -)`;
        if (opts.onWarning) opts.onWarning(said);
        else report.warnings.push(said);
      }
    }
    else if (opts.follow) follows.push(input);
    else {
      // The directory's other files are the log reader's (collectors/extract.ts): it says which fit nothing.
      for (const series of rotatedSeries(await listCaptureFiles(input))) {
        report = mergeReports(report, await extractCaptureSeries(series.map((f) => f.path), opts, sink));
        if (opts.signal?.aborted) break;
      }
    }
  }
  if (follows.length > 0 || inbox) report = mergeReports(report, await followDirectories(follows, opts, sink, inbox));
  return report;
}

/**
 * A capture file, or the files of one rotated series in the order written, through one engine (or one per worker
 * thread): a connection, or a request waiting for its response, carries over from one file to the next (see
 * CaptureEngine.continueWith). Each file is reported on its own, with its own packet numbers.
 */
export async function extractCaptureSeries(paths: string[], opts: CaptureExtractOptions, sink: ExchangeSink): Promise<ExtractReport> {
  // Follow mode counts records through the sink (to skip what a killed run already wrote): no fast lane there.
  const emitJson = opts.follow ? undefined : opts.emitJson;
  const onBytes = opts.onProgress ? (path: string, bytesRead: number, total: number) => opts.onProgress!({ input: path, bytesRead, bytesTotal: total || undefined }) : undefined;
  const workers = emitJson ? await workersFor(paths, opts) : 1;
  let runs: CaptureRun[];
  if (workers > 1) {
    const shardOpts = { fingerprintKey: opts.fingerprintKey, bodyAnalysis: opts.bodyAnalysis, signal: opts.signal, onBytes };
    try {
      runs = await extractSharded(paths, workers, shardOpts, emitJson!);
    } catch (err) {
      // A worker died (a bug, or out of memory): what it had written is out, the rest of the series is not.
      const report = emptyReport();
      report.errors.push(`${paths.length === 1 ? paths[0] : `${paths[0]} (and the ${paths.length - 1} files rotated after it)`}: parallel extraction failed: ${(err as Error).message}`);
      return report;
    }
  } else {
    runs = await seriesOnThisThread(paths, opts, sink, (path, engine) => readCapture(path, engine, { classicReader: opts.classicReader, signal: opts.signal, onBytes: onBytes && ((read, total) => onBytes(path, read, total)) }));
  }
  let report = emptyReport();
  runs.forEach((run, i) => (report = mergeReports(report, captureReport(paths[i], run))));
  return report;
}

/** A capture on a stream (standard input, `-`): one thread, read to its end or a stop request. */
export async function extractCaptureStream(input: StreamInput, opts: CaptureExtractOptions, sink: ExchangeSink): Promise<ExtractReport> {
  const onBytes = opts.onProgress ? (bytesRead: number) => opts.onProgress!({ input: input.name, bytesRead }) : undefined;
  const read = (_: string, engine: CaptureEngine) => readCaptureStream(input.stream, input.head.subarray(0, 4), engine, { signal: opts.signal, onBytes });
  const [run] = await seriesOnThisThread([input.name], opts, sink, read);
  return captureReport(input.name, run);
}

/** One engine on this thread, fed each input by `read` in turn (a stop request ends it), and flushed at the end. */
async function seriesOnThisThread(names: string[], opts: CaptureExtractOptions, sink: ExchangeSink, read: (name: string, engine: CaptureEngine) => Promise<CaptureOutcome>): Promise<CaptureRun[]> {
  // Follow mode counts records through the sink (to skip what a killed run already wrote): no fast lane there.
  const emitJson = opts.follow ? undefined : opts.emitJson;
  const engine = new CaptureEngine(names[0], { fingerprintKey: opts.fingerprintKey, bodyAnalysis: opts.bodyAnalysis, emitJson }, (ex: Exchange) => sink(ex));
  const runs: CaptureRun[] = [];
  let before: EngineTotals = { stats: {}, exchanges: 0 };
  for (const name of names) {
    if (runs.length > 0) engine.continueWith(name);
    const outcome = await read(name, engine);
    const last = runs.length === names.length - 1 || opts.signal?.aborted;
    if (last) engine.finish();
    // An exception (a bug) may have left a flow half way through a packet: the next file does not build on it.
    else if (outcome.thrown) engine.startOver();
    const after = engine.totals();
    runs.push({ outcome, ...totalsSince(before, after), malformedKinds: engine.takeMalformed() });
    before = after;
    if (last) break;
  }
  return runs;
}

/**
 * Threads for a file or series: several only for uncompressed files big enough together to repay starting them, read by
 * the built-in reader (the pcap-parser package reads a stream of its own, for the benchmark's comparison).
 * A gzip capture stays on one thread: inflating it (on zlib's thread, overlapping the parse) is the
 * bottleneck, ~250 MB/s on the benchmark capture, so workers behind it measured no faster.
 */
async function workersFor(paths: string[], opts: CaptureExtractOptions): Promise<number> {
  const workers = Math.floor(opts.workers ?? 1);
  if (workers <= 1 || opts.classicReader === 'pcap-parser') return 1;
  let bytes = 0;
  for (const path of paths) {
    try {
      const head = await readCaptureHead(path);
      if (head.gzip) return 1;
      bytes += head.fileBytes;
    } catch {
      if (paths.length === 1) return 1; // unreadable: the single-thread path reports it
    }
  }
  return bytes >= (opts.shardMinBytes ?? SHARD_MIN_BYTES) ? workers : 1;
}
