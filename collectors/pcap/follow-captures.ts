import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Exchange } from '../../lib/exchange';
import type { DirectoryInbox } from '../directory-inbox';
import { DEFAULT_STATE_DIR, emptyReport, mergeReports, type ExchangeSink, type ExtractReport } from '../extract-types';
import { forEachLinePastMark, outputMark } from '../logs/output-ledger';
import { CaptureEngine, totalsSince } from './capture-engine';
import { listCaptureFiles, type CaptureFile } from './capture-files';
import { captureReport, notCapturesWarning } from './capture-report';
import type { CaptureExtractOptions } from './extract-captures';
import type { FollowState } from './follow-state';
import { readCapture } from './read-capture';
import { followPlan, seriesOf, type FileIdentity } from './rotation';
import { WrittenRecords } from './written-records';
import { fileProblem } from '../../lib/file-problem';

/** How often a followed directory is listed; rotation happens every few seconds at most. */
const POLL_MS = 1000;
/**
 * A file must also be this long unmodified: `tcpdump -z gzip` writes `x.pcap1.gz` after `x.pcap2` exists,
 * and name order alone would pick up the archive while gzip is still writing it.
 */
const SETTLE_MS = 2000;

/** One series' engine, kept from one file to the next (CaptureEngine.continueWith). */
interface Carried {
  engine: CaptureEngine;
  /** Rebuilding the state a killed run had (see restore): what it emits was written then. */
  muted: boolean;
}

/**
 * `--follow` on capture directories: a rotated capture is complete once a later one exists (see
 * completedCaptures: the file modified last is the open one, rings included). Each is processed
 * once and whole: a stop request waits for the file being read, then the output is flushed and only
 * then the file recorded as done, so a kill at any point neither loses a file nor counts it twice.
 * The files of one series are read by one engine, as `extract` reads a directory (extractCaptureSeries):
 * requests still waiting for their response when a file ends are answered from the next one, however long the
 * writer takes to close it (tcpdump -G 3600 closes a file an hour after the one before). They are written without a
 * response when the follower stops, or once no file of the series is left in the directory.
 *
 * After a kill, a restart rebuilds each series' engine by reading its last recorded file again without
 * writing anything, and drops the records a killed run wrote past the last mark to an output file: by
 * identity (the request's file and packet, method, host and path), not by count, so a rebuilt engine that differs
 * from the killed one (the file it read before is gone, a connection older than that file) writes nothing
 * twice. `flushOutput({ path })` after each file hands over the records made while reading it (ingest keys them by
 * the file's content): with carrying, those are the requests answered in it, some begun in the file before, which
 * is still one batch per file, made once. Runs until the signal aborts.
 */
export async function followDirectories(
  named: string[],
  opts: CaptureExtractOptions,
  sink: ExchangeSink,
  /** Directories that become capture directories while it runs (../directory-kind.ts), taken at each look. */
  inbox?: DirectoryInbox,
): Promise<ExtractReport> {
  const dirs = [...named];
  let report = emptyReport();
  // A follower runs for days: what goes wrong is said when it is read, not in the summary at the stop, and once.
  const warn = (text: string) => (opts.onWarning ? opts.onWarning(text) : report.warnings.push(text));
  const stateDir = opts.stateDir ?? DEFAULT_STATE_DIR;
  // Loaded here, not at the top: its zod schema would cost every capture extraction's start-up (see extract.ts).
  const { loadFollowState, saveFollowState } = await import('./follow-state');
  const states = await Promise.all(dirs.map((d) => loadFollowState(stateDir, d, warn, opts.stateOwner)));
  const lastMark = states.map((s) => s.output).reduce<FollowState['output']>((a, b) => (b && (!a || b.size > a.size) ? b : a), undefined);
  const written = new WrittenRecords(dirs);
  forEachLinePastMark(opts.outputFd, lastMark, (line) => written.add(line));
  const startMark = outputMark(opts.outputFd);
  if (startMark && (!lastMark || lastMark.dev !== startMark.dev || lastMark.ino !== startMark.ino)) {
    // First run into this output file: what it holds now predates us, what a killed run adds after this does not.
    for (const state of states) {
      state.output = startMark;
      await saveFollowState(stateDir, state, opts.saveState);
    }
  }
  const resumingSink: ExchangeSink = (ex) => {
    if (!written.has(ex)) sink(ex);
  };
  const save = async (i: number) => {
    const mark = outputMark(opts.outputFd);
    if (mark) states[i].output = mark;
    await saveFollowState(stateDir, states[i], opts.saveState);
  };
  const carried = new Map<string, Carried>();
  const carry = (path: string): Carried => {
    const c: Carried = { engine: undefined!, muted: false };
    c.engine = new CaptureEngine(path, { fingerprintKey: opts.fingerprintKey, bodyAnalysis: opts.bodyAnalysis }, (ex: Exchange) => {
      if (!c.muted) resumingSink(ex);
    });
    return c;
  };
  /** The series' pending requests are written without a response, and its engine let go. */
  const release = async (i: number, series: string) => {
    // No engine: its file was gone at the restart, nothing of it is held.
    const c = carried.get(`${i}/${series}`);
    if (c) {
      const before = c.engine.totals();
      c.engine.finish();
      const flushed = totalsSince(before, c.engine.totals());
      report = mergeReports(report, { ...emptyReport(), exchanges: flushed.exchanges, stats: flushed.stats });
      await opts.flushOutput?.();
    }
    carried.delete(`${i}/${series}`);
    delete states[i].carry?.[series];
    await save(i);
  };

  /** A killed run's engines of directory i, rebuilt from the file each read last. */
  const rebuild = async (i: number) => {
    for (const [series, last] of Object.entries(states[i].carry ?? {})) {
      const path = await sameFile(dirs[i], last);
      if (!path) continue;
      const c = carry(path);
      c.muted = true;
      await readCapture(path, c.engine, { classicReader: opts.classicReader });
      c.muted = false;
      carried.set(`${i}/${series}`, c);
    }
  };
  for (let i = 0; i < dirs.length; i++) await rebuild(i);
  // Each file that is not a capture is said once per run, not at every listing.
  const saidNotCapture = new Set<string>();
  while (!opts.signal?.aborted) {
    for (const late of inbox?.take() ?? []) {
      const i = dirs.push(late.dir) - 1;
      states.push(await loadFollowState(stateDir, late.dir, warn, opts.stateOwner));
      // Said while it waited for its first capture (../directory-kind.ts).
      for (const name of late.skipped) saidNotCapture.add(`${i}/${name}`);
      await rebuild(i);
    }
    for (let i = 0; i < dirs.length; i++) {
      let files: CaptureFile[];
      const others: string[] = [];
      try {
        files = await listCaptureFiles(dirs[i], (name) => {
          if (saidNotCapture.has(`${i}/${name}`)) return;
          saidNotCapture.add(`${i}/${name}`);
          others.push(name);
        });
        if (others.length > 0) warn(notCapturesWarning(dirs[i], others));
      } catch (err) {
        report.errors.push(`${dirs[i]}: ${fileProblem(err)}`);
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
        // In the order written: a file waiting to settle holds back the ones after it.
        if (Date.now() - f.mtimeMs < SETTLE_MS) break;
        const series = seriesOf(f.name);
        let c = carried.get(`${i}/${series}`);
        if (c) c.engine.continueWith(f.path);
        else carried.set(`${i}/${series}`, (c = carry(f.path)));
        const before = c.engine.totals();
        c.engine.takeMalformed();
        // The file is read whole even when a stop is requested mid-way: half a file cannot be recorded.
        const outcome = await readCapture(f.path, c.engine, { classicReader: opts.classicReader });
        // An exception (a bug) may have left a flow half way through a packet: the series' next file does not build on
        // it, and nothing is carried that a restart would have to rebuild.
        if (outcome.thrown) c.engine.startOver();
        const read = captureReport(f.path, { outcome, ...totalsSince(before, c.engine.totals()), malformedKinds: c.engine.takeMalformed() });
        for (const w of read.warnings.splice(0)) warn(w);
        report = mergeReports(report, read);
        await opts.flushOutput?.({ path: f.path });
        states[i].done[f.name] = { size: f.size, mtimeMs: f.mtimeMs };
        if (outcome.thrown) delete states[i].carry?.[series];
        else (states[i].carry ??= {})[series] = { name: f.name, size: f.size, mtimeMs: f.mtimeMs };
        await save(i);
      }
      // A series whose files are all gone will not continue: what it holds is written now, not at the stop.
      const listed = new Set(files.map((f) => seriesOf(f.name)));
      for (const series of Object.keys(states[i].carry ?? {})) if (!listed.has(series)) await release(i, series);
    }
    await sleep(POLL_MS, undefined, { signal: opts.signal }).catch(() => undefined);
  }
  for (let i = 0; i < dirs.length; i++) for (const series of Object.keys(states[i].carry ?? {})) await release(i, series);
  if (written.skipped > 0) {
    report.exchanges -= written.skipped;
    warn(`resumed: ${written.skipped} exchanges already written after the last checkpoint were not written again`);
  }
  return report;
}

/** The file a series' engine read last, if it is still there as it was (or as its gzip copy, tcpdump -z). */
async function sameFile(dir: string, last: FileIdentity & { name: string }): Promise<string | undefined> {
  for (const name of [last.name, `${last.name}.gz`]) {
    try {
      const st = await stat(join(dir, name));
      if (st.mtimeMs === last.mtimeMs && (st.size === last.size || name !== last.name)) return join(dir, name);
    } catch {
      // Rotated away.
    }
  }
  return undefined;
}
