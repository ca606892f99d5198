import { emptyReport, mergeReports, type ExchangeSink, type ExtractOptions, type ExtractReport, type ReaderKind } from './extract-types';
import { extractCaptures, extractCaptureStream } from './pcap/extract-captures';
import { openStreamInput, STDIN, type StreamInput } from './stream-input';
import { sniffInput } from './sniff-input';
import { sortDirectory } from './directory-inputs';
import { awaitDirectoryKind } from './directory-kind';

/**
 * The one entry point behind `extract`, `discover`, `ingest` and `push`: each input goes to the reader
 * its first bytes call for. A directory's captures are read by the capture reader (rotated tcpdump output, as
 * series); its other files go to the log and exchange-file readers as if named, and those that fit no log
 * format are skipped with a warning. `--follow` on a directory follows its captures, or, when it holds logs and no
 * capture, its logs: each live one like `tail -F`, and those that appear later too; one with nothing to read yet
 * waits for its first capture or log to say which. The log and
 * exchange-file readers are imported when an input of theirs comes: they load zod (~40 ms), which a capture
 * extraction's start-up, and its worker threads waiting on it, need not pay (bin/startup-imports.test.ts).
 */
export async function extractExchanges(
  inputs: string[],
  opts: ExtractOptions,
  sink: ExchangeSink,
): Promise<ExtractReport> {
  const captures: string[] = [];
  const logs: string[] = [];
  const jsonl: string[] = [];
  const logDirs: string[] = [];
  /** Followed directories with nothing to read yet: captures or logs, whichever comes first, decide their reader. */
  const undecided: string[] = [];
  /** Log files found in directories, by directory: a file there that fits no format is skipped, not an error. */
  const found = new Map<string, string>();
  let report = emptyReport();
  // Follow mode says warnings as they arise (a follower runs for days); the summary counts them, not says them again.
  let saidLive = 0;
  const live = opts.follow ? opts.onWarning : undefined;
  const warn = (text: string) => {
    if (!live) return void report.warnings.push(text);
    saidLive++;
    live(text);
  };
  if (live) opts = { ...opts, onWarning: warn };
  let stdin: StreamInput | undefined;
  for (const input of inputs) {
    if (input === STDIN) {
      // Follow mode checkpoints what it has read so that a restart resumes there: a pipe cannot be resumed.
      if (opts.follow) report.errors.push(`${STDIN}: standard input cannot be followed (a pipe cannot resume after a restart); read it without --follow`);
      else if (stdin) report.errors.push(`${STDIN}: standard input given twice`);
      else stdin = await openStreamInput(STDIN, opts.stdin ?? process.stdin, { signal: opts.signal, digest: opts.onStdinDigest !== undefined });
      continue;
    }
    try {
      const kind = await sniffInput(input);
      const dir = kind === 'directory' ? await sortDirectory(input) : undefined;
      if (dir && opts.follow && !dir.hasCaptures && dir.logs.length > 0) {
        // A directory of logs (/var/log/nginx/): followed as a whole, files that appear later included. Exchange
        // files there are not: they have no checkpoint, so each restart would count them again.
        logDirs.push(input);
        if (dir.exchangeFiles.length > 0) warn(`${input}: ${dir.exchangeFiles.length} exchange file(s) not read with --follow on a directory of logs; name them to read them`);
      } else if (dir && opts.follow && !dir.hasCaptures) {
        // Empty, or its logs not written yet: taken for a capture directory, logs written there later went unread.
        undecided.push(input);
      } else if (dir && !opts.follow) {
        if (dir.hasCaptures) captures.push(input);
        jsonl.push(...dir.exchangeFiles);
        logs.push(...dir.logs);
        for (const path of dir.logs) found.set(path, input);
      } else if (kind === 'capture' || kind === 'directory') captures.push(input);
      else if (kind === 'exchange-jsonl') jsonl.push(input);
      else {
        logs.push(input);
        if (opts.foundIn !== undefined) found.set(input, opts.foundIn);
      }
    } catch (err) {
      // Like `tail -F`: a log the proxy has not created yet is waited for (started before it, or between a
      // rotation's rename and the reopen); its reader says it is waiting.
      if (opts.follow && (err as NodeJS.ErrnoException).code === 'ENOENT') logs.push(input);
      else report.errors.push(`${input}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  const lane = (kind: ReaderKind): [ExtractOptions, ExchangeSink] => {
    if (!opts.lanes) return [opts, sink];
    const l = opts.lanes(kind);
    return [{ ...opts, flushOutput: l.flushOutput, saveState: l.saveState, idle: l.idle, emitJson: undefined }, l.sink];
  };
  if (jsonl.length > 0) {
    const [o, s] = lane('exchanges');
    if (!opts.follow) report = mergeReports(report, await (await import('./exchange-jsonl')).readExchangeJsonl(jsonl, s));
    // Exchange files have no checkpoint: in follow mode each is made durable, as a whole file, before reading on.
    else for (const path of jsonl) {
      report = mergeReports(report, await (await import('./exchange-jsonl')).readExchangeJsonl([path], s));
      await o.flushOutput?.({ path });
    }
  }
  if (stdin) {
    report = mergeReports(report, await readStream(stdin, opts, sink));
    const digest = stdin.digest();
    if (digest !== undefined) opts.onStdinDigest?.(digest);
  }
  const readers: Promise<ExtractReport>[] = [];
  /** One reader per kind: ingest gives each kind one lane, and a log reader's checkpoints are keyed by all its inputs. */
  const running = new Set<ReaderKind>();
  const followLogDirs = (files: string[], dirs: string[]) => {
    running.add('logs');
    return import('./logs/extract-logs').then((m) => m.extractLogs(files, ...lane('logs'), found, dirs));
  };
  if (captures.length > 0) {
    running.add('captures');
    readers.push(extractCaptures(captures, ...lane('captures')));
  }
  if (logs.length + logDirs.length > 0) readers.push(followLogDirs(logs, logDirs));
  for (const dir of undecided) {
    readers.push(awaitDirectoryKind(dir, opts.signal).then((kind) => {
      if (kind === undefined) return emptyReport();
      if (running.has(kind)) return { ...emptyReport(), errors: [`${dir}: its first ${kind} came after other ${kind} were being followed; follow it in a run of its own`] };
      if (kind === 'logs') return followLogDirs([], [dir]);
      running.add('captures');
      return extractCaptures([dir], ...lane('captures'));
    }));
  }
  for (const r of await Promise.all(readers)) report = mergeReports(report, r);
  if (saidLive > 0) report.stats = { ...report.stats, warnings: saidLive };
  return report;
}

/**
 * Standard input, read once to its end before the other inputs (one thread; no checkpoints: a pipe cannot be
 * resumed). Which reader it goes to is decided by its first bytes, as for a file.
 */
async function readStream(input: StreamInput, opts: ExtractOptions, sink: ExchangeSink): Promise<ExtractReport> {
  if (input.kind === 'capture') return extractCaptureStream(input, opts, sink);
  if (input.kind === 'exchange-jsonl') return (await import('./exchange-jsonl')).readExchangeJsonl([{ path: input.name, stream: input.stream }], sink);
  return (await import('./logs/extract-logs')).extractLogStream(input, opts, sink);
}
