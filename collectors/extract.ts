import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { emptyReport, mergeReports, type ExchangeSink, type ExtractOptions, type ExtractReport, type ReaderKind } from './extract-types';
import { extractCaptures, extractCaptureStream } from './pcap/extract-captures';
import { openStreamInput, STDIN, type StreamInput } from './stream-input';
import { sniffFile } from './sniff-input';
import { foreignFormat, foreignFormatIn, GZIP_CUT, notCaptureAsNamed } from './foreign-format';
import { compressedCopiesWarning, sortDirectory, twinsWarning } from './directory-inputs';
import { DirectoryInbox } from './directory-inbox';
import { awaitDirectoryKind, DirectoryProbe, type FollowedKind } from './directory-kind';
import { outputMark } from './logs/output-ledger';
import { distinctInputs, standardInput } from './distinct-inputs';
import { fileIdentity } from './same-file';
import { fileProblem } from '../lib/file-problem';

/**
 * The one entry point behind `extract`, `discover`, `ingest` and `push`: each input goes to the reader
 * its first bytes call for. A directory's captures are read by the capture reader (rotated tcpdump output, as
 * series); its other files go to the log and exchange-file readers as if named, and those that fit no log
 * format are skipped with a warning. `--follow` on a directory follows its captures, or, when it holds logs and no
 * capture, its logs: each live one like `tail -F`, and those that appear later too; one with nothing to read yet
 * waits for its first capture or log to say which, and then joins the follower of that kind. The log and
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
  /** Followed directories with nothing to follow yet: captures or logs, whichever comes first, decide their reader. */
  const undecided: DirectoryProbe[] = [];
  /** Every directory named: with the log files, what a log follower's checkpoints are keyed by (see below). */
  const named: string[] = [];
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
  inputs = await distinctInputs(inputs, warn);
  /** Standard input and named pipes (`<(zstd -dc x.pcap.zst)`, a FIFO tcpdump writes): read once, as they come. */
  const streams: StreamInput[] = [];
  for (const input of inputs) {
    const pipe = input !== STDIN && (await isPipe(input));
    if (input === STDIN || pipe) {
      // Follow mode checkpoints what it has read so that a restart resumes there: a pipe cannot be resumed.
      if (opts.follow) report.errors.push(`${input}: ${pipe ? 'a named pipe' : 'standard input'} cannot be followed (a pipe cannot resume after a restart); read it without --follow`);
      else if (!pipe && streams.some((s) => s.name === STDIN)) report.errors.push(`${STDIN}: standard input given twice`);
      else {
        // Standard input by its name (`/dev/stdin`) is read as `-`: a socket (a service manager's, Node's 'pipe') cannot
        // be opened by a name, and until 6 Dec the run crashed "no such device or address", exit 1; a socket file too.
        const source = pipe && !(await isStandardInput(input)) ? createReadStream(input) : (opts.stdin ?? process.stdin);
        try {
          streams.push(await openStreamInput(input, source, { signal: opts.signal, digest: opts.onStdinDigest !== undefined }));
        } catch (err) {
          report.errors.push(`${input}: ${fileProblem(err)}`);
        }
      }
      continue;
    }
    try {
      const { kind, head } = await sniffFile(input);
      const dir = kind === 'directory' ? await sortDirectory(input) : undefined;
      if (dir) named.push(input);
      // Not read: until 6 Dec a directory of per-host or per-day directories (tcpdump -G writing to %F/) gave
      // `exchanges 0`, exit 0, and no word why.
      const subdirs = dir?.subdirectories ?? [];
      if (subdirs.length > 0) warn(`${input}: ${subdirs.length === 1 ? '1 directory in it is' : `${subdirs.length} directories in it are`} not read (${subdirs.slice(0, 5).join(', ')}${subdirs.length > 5 ? ', …' : ''}); name ${subdirs.length === 1 ? 'it' : 'them'} to read ${subdirs.length === 1 ? 'it' : 'them'}`);
      // Without captures: a log in it makes a directory of logs; until one comes (empty, its log not written yet, only
      // a README) it waits, as any capture coming first makes it a capture directory.
      const probe = dir && opts.follow && !dir.hasCaptures ? new DirectoryProbe(input, opts, warn) : undefined;
      const kindNow = await probe?.look();
      if (dir && kindNow === 'logs') {
        // A directory of logs (/var/log/nginx/): followed as a whole, files that appear later included. Exchange
        // files there are not: they have no checkpoint, so each restart would count them again.
        logDirs.push(input);
        if (dir.exchangeFiles.length > 0) warn(`${input}: ${dir.exchangeFiles.length} exchange file(s) not read with --follow on a directory of logs; name them to read them`);
      } else if (probe && kindNow === undefined) undecided.push(probe);
      else if (dir && !opts.follow) {
        // ingest keeps an empty directory as its own input for this word (directory-inputs.ts countingUnits).
        for (const { path, problem } of dir.unreadable) report.errors.push(`${path}: ${problem}`);
        if (!dir.hasCaptures && dir.logs.length + dir.exchangeFiles.length + subdirs.length + dir.unreadable.length === 0) warn(`${input}: nothing to read in it (no capture or log; empty and hidden files are not read)`);
        if (dir.hasCaptures) captures.push(input);
        jsonl.push(...dir.exchangeFiles);
        logs.push(...dir.logs);
        if (dir.compressedCopies.length > 0) warn(compressedCopiesWarning(input, dir.compressedCopies));
        if (dir.twins.length > 0) warn(twinsWarning(input, dir.twins));
        for (const path of dir.logs) found.set(path, input);
      } else if (kind === 'capture' || kind === 'directory') captures.push(input);
      else if (kind === 'exchange-jsonl') jsonl.push(input);
      else {
        // A file found in a directory (ingest counts them one by one) fitting nothing is skipped with a warning instead.
        const claimsCapture = opts.foundIn === undefined && !opts.format && !opts.nginxFormat && !opts.apacheFormat;
        const foreign = kind === 'log' && head ? (foreignFormatIn(head) ?? (claimsCapture ? notCaptureAsNamed(input, head) : undefined)) : undefined;
        if (foreign) report.errors.push(`${input}: ${foreign}`);
        else logs.push(input);
        if (!foreign && opts.foundIn !== undefined) found.set(input, opts.foundIn);
      }
    } catch (err) {
      // Like `tail -F`: a log the proxy has not created yet is waited for (started before it, or between a
      // rotation's rename and the reopen); its reader says it is waiting.
      if (opts.follow && (err as NodeJS.ErrnoException).code === 'ENOENT') logs.push(input);
      // ENOENT alone told a mistyped path from nothing a user would recognise: said in words (file-problem.ts).
      else report.errors.push(`${input}: ${fileProblem(err)}`);
    }
  }
  /** Made once per kind: a follower started later for a kind (a directory decided late) goes on in the same lane. */
  const lanes = new Map<ReaderKind, [ExtractOptions, ExchangeSink]>();
  const lane = (kind: ReaderKind): [ExtractOptions, ExchangeSink] => {
    if (!opts.lanes) return [opts, sink];
    let made = lanes.get(kind);
    if (!made) {
      const l = opts.lanes(kind);
      made = [{ ...opts, flushOutput: l.flushOutput, saveState: l.saveState, idle: l.idle, emitJson: undefined }, l.sink];
      lanes.set(kind, made);
    }
    return made;
  };
  // What a log follower owes a shared output file is counted before the run writes there, and its mark moved past the
  // exchange files: until 6 Dec, written again at each start, they were counted as its records written before a kill,
  // and as many new log lines dropped.
  const logsMayRun = logs.length + logDirs.length + undecided.length > 0;
  const logResume =
    opts.follow && jsonl.length > 0 && logsMayRun && outputMark(opts.outputFd)
      ? await (await import('./logs/log-resume')).prepareLogResume(lane('logs')[0], [...logs, ...named], [...logs, ...logDirs])
      : undefined;
  await logResume?.othersWriteNext();
  if (jsonl.length > 0) {
    const [o, s] = lane('exchanges');
    if (!opts.follow) report = mergeReports(report, await (await import('./exchange-jsonl')).readExchangeJsonl(jsonl, s, o.contentDigest));
    // Exchange files have no checkpoint: in follow mode each is made durable, as a whole file, before reading on.
    else for (const path of jsonl) {
      report = mergeReports(report, await (await import('./exchange-jsonl')).readExchangeJsonl([path], s, o.contentDigest));
      await o.flushOutput?.({ path });
    }
  }
  await logResume?.settle();
  for (const stream of streams) {
    // Stopped before the pipe sent a byte (a quiet capture): a stopped run with nothing to read, not an unreadable input.
    if (stream.head.length === 0 && !stream.complete && opts.signal?.aborted) {
      stream.stream.destroy();
      continue;
    }
    report = mergeReports(report, await readStream(stream, opts, sink));
    const digest = stream.digest();
    if (digest !== undefined) opts.onStdinDigest?.(digest);
  }
  const readers: Promise<ExtractReport>[] = [];
  /** The follower of each kind, which the directories decided later join (one reader per kind: see DirectoryInbox). */
  const inboxes = new Map<FollowedKind, DirectoryInbox>();
  const read = (kind: FollowedKind, files: string[], dirs: string[]): Promise<ExtractReport> => {
    const inbox = undecided.length > 0 ? new DirectoryInbox() : undefined;
    if (inbox) inboxes.set(kind, inbox);
    const reader =
      kind === 'captures'
        ? extractCaptures([...files, ...dirs], ...lane('captures'), inbox)
        : // Keyed by every log and directory named, whatever each holds: the same at a restart, when a directory that
          // waited has become a directory of logs or captures (keyed by the logs followed, its logs were read again).
          import('./logs/extract-logs').then((m) => m.extractLogs(files, ...lane('logs'), found, { dirs, inbox, keyedBy: opts.follow ? [...logs, ...named] : undefined, resume: logResume }));
    return inbox ? reader.finally(() => (inbox.closed = true)) : reader;
  };
  if (captures.length > 0) readers.push(read('captures', captures, []));
  if (logs.length + logDirs.length > 0) readers.push(read('logs', logs, logDirs));
  for (const probe of undecided) {
    readers.push(
      awaitDirectoryKind(probe, opts.signal).then((late) => {
        if (late === undefined) return emptyReport();
        const running = inboxes.get(late.kind);
        if (running && !running.closed) {
          running.add(late);
          return emptyReport();
        }
        const started = read(late.kind, [], []);
        inboxes.get(late.kind)!.add(late);
        return started;
      }),
    );
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
  const foreign = input.kind !== 'log' ? undefined : input.cutGzip ? GZIP_CUT : foreignFormat(input.head);
  if (foreign) return { ...emptyReport(), errors: [`${input.name}: ${foreign}`] };
  if (input.kind === 'capture') return extractCaptureStream(input, opts, sink);
  if (input.kind === 'exchange-jsonl') return (await import('./exchange-jsonl')).readExchangeJsonl([{ path: input.name, stream: input.stream }], sink);
  return (await import('./logs/extract-logs')).extractLogStream(input, opts, sink);
}

/**
 * Whether `path` is a named pipe (`<(zstd -dc x.pcap.zst)`, a FIFO tcpdump writes) or socket rather than a file: read
 * from its start as standard input is (until 6 Dec the sniff's positioned read failed on it with `ESPIPE`). A path that
 * cannot be looked at is the reader's to report.
 */
async function isStandardInput(path: string): Promise<boolean> {
  const [named, stdin] = await Promise.all([stat(path).catch(() => undefined), standardInput()]);
  return named !== undefined && stdin !== undefined && fileIdentity(named) === fileIdentity(stdin);
}

export async function isPipe(path: string): Promise<boolean> {
  const st = await stat(path).catch(() => undefined);
  return st !== undefined && (st.isFIFO() || st.isSocket());
}
