import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { extractExchanges, isPipe } from '../../collectors/extract';
import { STDIN } from '../../collectors/stream-input';
import { collectorEnv } from '../../lib/collector-env';
import type { Exchange } from '../../lib/exchange';
import { loadFingerprintKey } from '../../lib/fingerprint-key';
import { createLineWriter } from '../line-writer';
import { LOG_FORMAT_OPTIONS, logFormatFrom, logFormatProblem } from '../log-format-options';
import { stateDirProblem, stateDirUnused } from '../state-dir-option';
import { lockFollowedInputs, refuseSecondFollower } from '../follow-lock';
import { DEFAULT_STATE_DIR } from '../../collectors/extract-types';
import { printSummary } from '../summary';
import { missingInput } from '../missing-input';

/**
 * Each worker is a V8 heap of its own: in bench:pcap's memory worst case (connections stuck mid-header
 * past the connection cap) peak RSS was ~285 MB with two workers, ~310 with three and ~330 with four, so
 * the default stays within the 300 MB budget at two. More are a choice (`--workers N`).
 */
const MAX_DEFAULT_WORKERS = 2;

export const summary = 'captures and logs → one JSON exchange per line on stdout';

const HELP = `Usage: lantern extract <file|dir|->... [--format F] [--nginx-format STR] [--apache-format STR] [--follow] [--state-dir DIR]
                       [--workers N]

Reads pcap/pcapng (also .gz) captures, capture directories, access logs, HAR and OTLP/JSON trace files
and writes one JSON exchange per line to stdout; a summary goes to stderr. \`-\` reads standard input
(any of these, told apart by its first bytes), e.g. \`tcpdump -i eth0 -w - 'tcp port 80' | lantern extract -\`.
A directory's rotated captures of one series (names alike but for digits) are read as one capture: an exchange
cut by a rotation is whole. Files named one by one are separate captures. A directory's logs are read as if
named one by one (a rotated set oldest first); --follow on a directory of logs (no capture in it) follows each
live log like tail -F, logs created there later too, and reads its rotated and compressed files once.
--follow      keep watching capture directories and logs: a rotated capture (tcpdump -C/-G, with -W rings and
              -z gzip, dumpcap -b) is read once it is closed, exactly once across restarts (--state-dir); a capture
              file named is read once, not followed (follow its directory, or pipe it to \`-\`). A second
              extract --follow of the same inputs and state directory refuses to start (exit 1); beside an
              ingest or push --follow it runs, its checkpoints its own.
              Each warning is printed on stderr as it arises; the summary at the stop counts them.
              A directory with nothing to follow yet (empty, or holding only a README or an exchange file, said
              once) is followed as whichever comes first, captures or logs.
--workers N   threads for uncompressed captures (a file, or a directory's series) of 64 MiB or more, flows shared between them
              (default: the number of CPUs, at most ${MAX_DEFAULT_WORKERS}; 1 = one thread). The output is the same
              records in the same order, except that each thread samples bodies for sensitive data on its own.
Damage inside a capture (a corrupt length, a zero-filled hole) is passed over to the next intact record, with a warning.
Exit codes: 0 done (warnings possible), 1 another --follow follows these inputs, 2 an input could not be read at all,
130 (143) files stopped by Ctrl-C (SIGTERM) before their end: the summary says what was read (--follow and standard
input end on them, 0).
`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...LOG_FORMAT_OPTIONS,
      follow: { type: 'boolean', default: false },
      workers: { type: 'string' },
      'state-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (!values.help && positionals.length === 0 && argv.length > 0) return missingInput('extract');
  if (values.help || positionals.length === 0) {
    (values.help ? process.stdout : process.stderr).write(HELP);
    return values.help ? 0 : 2;
  }
  const formatSaid = await logFormatProblem(values);
  if (formatSaid) {
    process.stderr.write(`lantern extract: ${formatSaid}\n`);
    return 2;
  }
  const workers = values.workers === undefined ? Math.min(availableParallelism(), MAX_DEFAULT_WORKERS) : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    process.stderr.write(`lantern extract: --workers wants a whole number from 1 to 64, got ${values.workers}\n`);
    return 2;
  }
  const stateDirSaid = values['state-dir'] === undefined ? undefined : await stateDirProblem(values['state-dir']);
  if (stateDirSaid) {
    process.stderr.write(`lantern extract: ${stateDirSaid}\n`);
    return 2;
  }
  const stateDirIdle = stateDirUnused(values);
  if (stateDirIdle) process.stderr.write(stateDirIdle);
  // Two followers of one state directory resumed from one checkpoint and each wrote every new line (until 6 Dec).
  const stateDir = values['state-dir'] ?? DEFAULT_STATE_DIR;
  const lock = values.follow ? await lockFollowedInputs(stateDir, positionals, 'extract') : undefined;
  if (lock && 'heldBy' in lock) return refuseSecondFollower('lantern extract', lock.heldBy, stateDir);
  const out = createLineWriter(process.stdout);
  const controller = new AbortController();
  let stoppedBy: NodeJS.Signals | undefined;
  const stop = (name: NodeJS.Signals) => {
    stoppedBy ??= name;
    controller.abort();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const started = performance.now();
  const progress = process.stderr.isTTY ? progressLine(started) : undefined;
  // --follow runs for days, and standard input may be a live capture: exchanges must reach the reader as
  // they are made, not at exit. So may a pipe named (`/dev/stdin`, `<(tail -f x.log)`): until 6 Dec only `-` was.
  const live = values.follow || positionals.includes(STDIN) || (await Promise.all(positionals.map(isPipe))).includes(true);
  const flusher = live ? setInterval(() => void out.end(), 500) : undefined;
  // Cleared however the run ends: a failure left the timer keeping the process alive, deaf to Ctrl-C (whose handler
  // only asks the readers, gone by then, to stop).
  const report = await extractExchanges(
    positionals,
    {
      ...logFormatFrom(values),
      follow: values.follow,
      stateDir: values['state-dir'],
      // A look at the logs must not move an inventory's checkpoints (collectors/extract-types.ts StateOwner).
      stateOwner: 'extract',
      flushOutput: () => out.end(),
      // The log collectors' fast lanes write records straight into the writer's buffer.
      emitJson: Object.assign((json: string) => out.write(json), { bytes: out.bytes }),
      outputFd: 1,
      workers,
      shardMinBytes: collectorEnv().LANTERN_SHARD_MIN_BYTES,
      fingerprintKey: await loadFingerprintKey(),
      signal: controller.signal,
      onWarning: (text) => {
        progress?.clear();
        process.stderr.write(`warning: ${text}\n`);
      },
      onProgress: progress?.update,
    },
    (ex: Exchange) => out.write(JSON.stringify(ex)),
  ).finally(() => {
    clearInterval(flusher);
    if (lock && 'release' in lock) return lock.release();
  });
  await out.end();
  progress?.clear();
  printSummary(report, performance.now() - started);
  if (report.errors.length > 0) return 2;
  // Files stopped before their end left the output short, said as ingest and push say it (130, 143): until 6 Dec
  // exit 0, and `extract x.pcap > out.jsonl && next` went on with a part. A follower and a live stream end this way.
  return stoppedBy && !live ? (stoppedBy === 'SIGINT' ? 130 : 143) : 0;
}

/** A one-line progress display on a TTY (long captures take minutes), redrawn at most 4 times a second. */
function progressLine(started: number) {
  let last = 0;
  let shown = false;
  return {
    update({ input, bytesRead, bytesTotal }: { input: string; bytesRead: number; bytesTotal?: number }) {
      const now = performance.now();
      if (now - last < 250) return;
      last = now;
      const mb = bytesRead / 1e6;
      const rate = mb / Math.max((now - started) / 1000, 1e-3);
      const total = bytesTotal ? ` / ${(bytesTotal / 1e6).toFixed(0)} MB (${Math.floor((bytesRead / bytesTotal) * 100)}%)` : '';
      const name = input.length > 40 ? `…${input.slice(-39)}` : input;
      process.stderr.write(`\r\u001b[K${name}: ${mb.toFixed(0)} MB${total}, ${rate.toFixed(0)} MB/s`);
      shown = true;
    },
    clear() {
      if (shown) process.stderr.write('\r\u001b[K');
    },
  };
}
