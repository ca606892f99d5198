import { stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Exchange } from '../../lib/exchange';
import { emptyReport, mergeReports, type ExchangeSink, type ExtractOptions, type ExtractReport } from '../extract-types';
import type { BodyAnalysis } from '../http/body-budget';
import { CaptureEngine } from './capture-engine';
import { listCaptureFiles, type CaptureFile } from './capture-files';
import { loadFollowState, saveFollowState } from './follow-state';
import { readCapture, type ClassicReader } from './read-capture';

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
    if (!isDir) report = mergeReports(report, await extractCaptureFile(input, opts, sink));
    else if (opts.follow) follows.push(input);
    else for (const f of await listCaptureFiles(input)) report = mergeReports(report, await extractCaptureFile(f.path, opts, sink));
  }
  if (follows.length > 0) report = mergeReports(report, await followDirectories(follows, opts, sink));
  return report;
}

/** One capture file with its own engine: packet numbers and flows are per file. */
export async function extractCaptureFile(path: string, opts: CaptureExtractOptions, sink: ExchangeSink): Promise<ExtractReport> {
  const report = emptyReport();
  // Follow mode counts records through the sink (to skip what a killed run already wrote): no fast lane there.
  const emitJson = opts.follow ? undefined : opts.emitJson;
  const engine = new CaptureEngine(path, { fingerprintKey: opts.fingerprintKey, bodyAnalysis: opts.bodyAnalysis, emitJson }, (ex: Exchange) => sink(ex));
  const outcome = await readCapture(path, engine, {
    classicReader: opts.classicReader,
    signal: opts.signal,
    onBytes: opts.onProgress ? (bytesRead, total) => opts.onProgress!({ input: path, bytesRead, bytesTotal: total || undefined }) : undefined,
  });
  engine.finish();
  report.exchanges = engine.exchanges;
  report.stats = { files: 1, ...engine.stats() };
  if (outcome.status === 'invalid') report.errors.push(`${path}: ${outcome.problem}`);
  else if (outcome.status === 'truncated') report.warnings.push(`${path}: ${outcome.problem}; ${engine.exchanges} exchanges before it were kept`);
  const s = report.stats;
  if (s.gaps > 0) report.warnings.push(`${path}: ${s.gaps} capture gaps (packets missing from the capture); parsing resynchronised after each`);
  if (s.snaplenCut > 0) report.warnings.push(`${path}: ${s.snaplenCut} packets cut by the snapshot length`);
  return report;
}

/**
 * `--follow` on capture directories: a rotated capture is complete once a later one (in name order)
 * exists, because tcpdump -C/-G only opens the next file after closing the previous. Each is processed
 * once; the state survives restarts. Runs until the signal aborts.
 */
async function followDirectories(dirs: string[], opts: CaptureExtractOptions, sink: ExchangeSink): Promise<ExtractReport> {
  let report = emptyReport();
  const stateDir = opts.stateDir ?? DEFAULT_STATE_DIR;
  const states = await Promise.all(dirs.map((d) => loadFollowState(stateDir, d)));
  while (!opts.signal?.aborted) {
    for (let i = 0; i < dirs.length; i++) {
      let files: CaptureFile[];
      try {
        files = await listCaptureFiles(dirs[i]);
      } catch (err) {
        report.errors.push(`${dirs[i]}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
        return report;
      }
      for (const f of files.slice(0, -1)) {
        if (opts.signal?.aborted) break;
        const seen = states[i].done[f.name];
        // Same name, different file: tcpdump -W reuses names in a ring, so a changed file is new traffic.
        if (seen && seen.size === f.size && seen.mtimeMs === f.mtimeMs) continue;
        if (Date.now() - f.mtimeMs < SETTLE_MS) continue;
        report = mergeReports(report, await extractCaptureFile(f.path, opts, sink));
        states[i].done[f.name] = { size: f.size, mtimeMs: f.mtimeMs };
        await saveFollowState(stateDir, states[i]);
      }
    }
    await sleep(POLL_MS, undefined, { signal: opts.signal }).catch(() => undefined);
  }
  return report;
}
