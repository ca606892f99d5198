import { stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Exchange } from '../../lib/exchange';
import { emptyReport, mergeReports, type ExchangeSink, type ExtractOptions, type ExtractReport } from '../extract-types';
import type { StreamInput } from '../stream-input';
import type { BodyAnalysis } from '../http/body-budget';
import { CaptureEngine, totalsSince, type EngineTotals } from './capture-engine';
import { listCaptureFiles, type CaptureFile } from './capture-files';
import { outputMark, recordsPastMark } from '../logs/output-ledger';
import type { FollowState } from './follow-state';
import { readCaptureHead } from './open-capture';
import { followPlan, rotatedSeries } from './rotation';
import { readCapture, readCaptureStream, type CaptureOutcome, type ClassicReader } from './read-capture';
import { extractSharded } from './sharded-extract';

export const DEFAULT_STATE_DIR = './data/collector-state';
/** How often a followed directory is listed; rotation happens every few seconds at most. */
const POLL_MS = 1000;
/**
 * A file must also be this long unmodified: `tcpdump -z gzip` writes `x.pcap1.gz` after `x.pcap2` exists,
 * and name order alone would pick up the archive while gzip is still writing it.
 */
const SETTLE_MS = 2000;

export interface CaptureExtractOptions extends ExtractOptions {
  /** Benchmarks compare the classic-pcap readers; normal runs use the default (built-in). */
  classicReader?: ClassicReader;
  bodyAnalysis?: BodyAnalysis;
}

/** Below this, starting the workers costs more than they save. */
const SHARD_MIN_BYTES = 64 << 20;

/** Captures (pcap, pcapng, .gz) and capture directories → exchanges. */
export async function extractCaptures(inputs: string[], opts: CaptureExtractOptions, sink: ExchangeSink): Promise<ExtractReport> {
  let report = emptyReport();
  const follows: string[] = [];
  for (const input of inputs) {
    let isDir = false;
    try {
      isDir = (await stat(input)).isDirectory();
    } catch (err) {
      report.errors.push(`${input}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      continue;
    }
    if (!isDir) {
      report = mergeReports(report, await extractCaptureFile(input, opts, sink));
      if (opts.follow) await opts.flushOutput?.({ path: input });
    }
    else if (opts.follow) follows.push(input);
    else {
      const others: string[] = [];
      for (const series of rotatedSeries(await listCaptureFiles(input, (name) => others.push(name)))) {
        report = mergeReports(report, await extractCaptureSeries(series.map((f) => f.path), opts, sink));
        if (opts.signal?.aborted) break;
      }
      if (others.length > 0) report.warnings.push(notCapturesWarning(input, others));
    }
  }
  if (follows.length > 0) report = mergeReports(report, await followDirectories(follows, opts, sink));
  return report;
}

/** One capture file with its own engine (or one per worker thread). */
export function extractCaptureFile(path: string, opts: CaptureExtractOptions, sink: ExchangeSink): Promise<ExtractReport> {
  return extractCaptureSeries([path], opts, sink);
}

/**
 * Files of one rotated series, in the order written, through one engine (or one per worker thread): a
 * connection, or a request waiting for its response, carries over from one file to the next (see
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
    const after = engine.totals();
    runs.push({ outcome, ...totalsSince(before, after) });
    before = after;
    if (last) break;
  }
  return runs;
}

interface CaptureRun extends EngineTotals {
  outcome: CaptureOutcome;
}

function captureReport(path: string, run: CaptureRun): ExtractReport {
  const report = emptyReport();
  report.exchanges = run.exchanges;
  report.stats = { files: 1, ...run.stats };
  const { outcome } = run;
  if (outcome.status === 'invalid') report.errors.push(`${path}: ${outcome.problem}`);
  else if (outcome.status === 'truncated') report.warnings.push(`${path}: ${outcome.problem}; ${run.exchanges} exchanges before it were kept`);
  const s = report.stats;
  if (s.gaps > 0) report.warnings.push(`${path}: ${s.gaps} capture gaps (packets missing from the capture); parsing resynchronised after each`);
  if (s.snaplenCut > 0) {
    const heads = s.cutHeads > 0 ? `; ${s.cutHeads} HTTP message heads were cut and are reported from what was captured (no body sizes, no auth unless seen)` : '';
    report.warnings.push(`${path}: ${s.snaplenCut} packets cut by the snapshot length${heads}`);
  }
  return report;
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

/**
 * `--follow` on capture directories: a rotated capture is complete once a later one exists (see
 * completedCaptures: the file modified last is the open one, rings included). Each is processed
 * once and whole: a stop request waits for the file being read, then the output is flushed and only
 * then the file recorded as done, so a kill at any point neither loses a file nor counts it twice
 * (records a killed run wrote past the last mark to an output file are skipped on restart, as for
 * logs). The state survives restarts. Runs until the signal aborts.
 */
async function followDirectories(dirs: string[], opts: CaptureExtractOptions, sink: ExchangeSink): Promise<ExtractReport> {
  let report = emptyReport();
  const stateDir = opts.stateDir ?? DEFAULT_STATE_DIR;
  // Loaded here, not at the top: its zod schema would cost every capture extraction's start-up (see extract.ts).
  const { loadFollowState, saveFollowState } = await import('./follow-state');
  const states = await Promise.all(dirs.map((d) => loadFollowState(stateDir, d)));
  const lastMark = states.map((s) => s.output).reduce<FollowState['output']>((a, b) => (b && (!a || b.size > a.size) ? b : a), undefined);
  let skip = recordsPastMark(opts.outputFd, lastMark);
  const startMark = outputMark(opts.outputFd);
  if (startMark && (!lastMark || lastMark.dev !== startMark.dev || lastMark.ino !== startMark.ino)) {
    // First run into this output file: what it holds now predates us, what a killed run adds after this does not.
    for (const state of states) {
      state.output = startMark;
      await saveFollowState(stateDir, state, opts.saveState);
    }
  }
  let skipped = 0;
  const resumingSink: ExchangeSink = (ex) => {
    if (skip > 0) {
      skip--;
      skipped++;
    } else sink(ex);
  };
  // The file is finished even when a stop is requested mid-way: half a file cannot be recorded.
  const fileOpts: CaptureExtractOptions = { ...opts, signal: undefined };
  // Each file that is not a capture is said once per run, not at every listing.
  const saidNotCapture = new Set<string>();
  while (!opts.signal?.aborted) {
    for (let i = 0; i < dirs.length; i++) {
      let files: CaptureFile[];
      const others: string[] = [];
      try {
        files = await listCaptureFiles(dirs[i], (name) => {
          if (saidNotCapture.has(`${i}/${name}`)) return;
          saidNotCapture.add(`${i}/${name}`);
          others.push(name);
        });
        if (others.length > 0) report.warnings.push(notCapturesWarning(dirs[i], others));
      } catch (err) {
        report.errors.push(`${dirs[i]}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
        return report;
      }
      const plan = followPlan(files, states[i].done);
      if (plan.compressed.length > 0 || plan.gone.length > 0) {
        for (const f of plan.compressed) states[i].done[f.name] = { size: f.size, mtimeMs: f.mtimeMs };
        for (const name of plan.gone) delete states[i].done[name];
        await saveFollowState(stateDir, states[i], opts.saveState);
      }
      for (const f of plan.read) {
        if (opts.signal?.aborted) break;
        if (Date.now() - f.mtimeMs < SETTLE_MS) continue;
        report = mergeReports(report, await extractCaptureFile(f.path, fileOpts, resumingSink));
        await opts.flushOutput?.({ path: f.path });
        states[i].done[f.name] = { size: f.size, mtimeMs: f.mtimeMs };
        const mark = outputMark(opts.outputFd);
        if (mark) states[i].output = mark;
        await saveFollowState(stateDir, states[i], opts.saveState);
      }
    }
    await sleep(POLL_MS, undefined, { signal: opts.signal }).catch(() => undefined);
  }
  if (skipped > 0) {
    report.exchanges -= skipped;
    report.warnings.push(`resumed: ${skipped} exchanges already written after the last checkpoint were not written again`);
  }
  return report;
}

function notCapturesWarning(dir: string, names: string[]): string {
  const shown = names.slice(0, 5).join(', ');
  return `${dir}: ${names.length} file${names.length === 1 ? ' is' : 's are'} not a capture and ${names.length === 1 ? 'was' : 'were'} skipped (${shown}${names.length > 5 ? ', …' : ''})`;
}
