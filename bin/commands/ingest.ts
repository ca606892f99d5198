import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { countingUnits } from '../../collectors/directory-inputs';
import { distinctInputs } from '../../collectors/distinct-inputs';
import { extractExchanges } from '../../collectors/extract';
import { emptyReport, mergeReports, type CompleteUnit, type ExtractReport, type ReaderKind, type ReaderLane } from '../../collectors/extract-types';
import { fingerprintInputs } from '../../collectors/input-fingerprint';
import { disconnectDb } from '../../lib/db/client';
import { env } from '../../lib/env';
import { loadFingerprintKey } from '../../lib/fingerprint-key';
import { createObservationAggregator } from '../../lib/inventory/aggregate-observations';
import { agreedTemplateSpecs, NO_AGREED_TEMPLATES } from '../../lib/inventory/agreed-templates';
import { planBatches } from '../../lib/inventory/batches';
import type { IngestBatch } from '../../lib/inventory/observation';
import { printSummary } from '../summary';
import { printOptionFileProblems, readOptionFiles } from '../option-files';
import { drainSpool, type BatchSender } from '../push/drain-spool';
import { createDelivery } from '../push/delivery';
import { sendBatch } from '../push/send-batch';
import { storeLocally } from '../push/store-locally';
import { secondsOptionProblem } from '../seconds-option';
import { stateDirProblem, stateDirUnused } from '../state-dir-option';
import { lockFollowedInputs, refuseSecondFollower } from '../follow-lock';
import { runTemplating } from '../push/run-templating';
import { collectorKind, pickStats, tally, type Totals } from '../push/run-totals';
import { deliverParts, digestOfUnit, PerFileAggregators } from '../push/per-file-aggregators';
import { logFormatFrom, logFormatProblem } from '../log-format-options';
import { createSpool, spoolDirFor, writeAtomically } from '../push/spool';
import { serverOptionProblem, tokenWithoutServerProblem } from '../server-option';
import { collectorName as collectorNameOf, collectorOptionProblem } from '../collector-options';
import { HELP, INGEST_OPTIONS } from './ingest-help';
import { stopOnSignal } from '../stop-on-signal';
import { missingInput } from '../missing-input';

export { HELP };

export const summary = 'captures and logs → endpoint observations into the inventory (DATABASE_URL, or --server)';

/** `command`: the name it was run as, which its usage errors begin with (`lantern push` runs it too: push.ts). */
export async function run(argv: string[], command: 'ingest' | 'push' = 'ingest'): Promise<number> {
  const usageError = (text: string) => {
    process.stderr.write(`lantern ${command}: ${text}\n`);
    return 2;
  };
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: INGEST_OPTIONS,
  });
  if (!values.help && positionals.length === 0 && argv.length > 0) return missingInput(command);
  if (values.help || positionals.length === 0) {
    (values.help ? process.stdout : process.stderr).write(HELP);
    return values.help ? 0 : 2;
  }
  const server = values.server ?? env().LANTERN_SERVER;
  const token = values.token ?? env().LANTERN_TOKEN;
  if (server && !token) return usageError('--server needs --token (a token with scope ingest)');
  const tokenSaid = tokenWithoutServerProblem(values.token, server, true);
  if (tokenSaid) return usageError(tokenSaid);
  const serverProblem = server !== undefined ? serverOptionProblem(server) : undefined;
  if (serverProblem) {
    return usageError(serverProblem);
  }
  const secondsSaid = secondsOptionProblem('--flush-every', values['flush-every']) ?? secondsOptionProblem('--retry-for', values['retry-for']);
  if (secondsSaid) {
    return usageError(secondsSaid);
  }
  const formatSaid = collectorOptionProblem(values) ?? (await logFormatProblem(values));
  if (formatSaid) return usageError(formatSaid);
  const stateDirSaid = values['state-dir'] === undefined ? undefined : await stateDirProblem(values['state-dir']);
  if (stateDirSaid) {
    return usageError(stateDirSaid);
  }
  const stateDirIdle = stateDirUnused(values);
  if (stateDirIdle) process.stderr.write(stateDirIdle);
  // A mistake in a --spec or --override file is said as discover says it (exit 2), before the server is asked.
  const files = await readOptionFiles(values.spec ?? [], values.override);
  if (!files.ok) return printOptionFileProblems(files.problems);
  // --follow checkpoints live with the spool, so one data directory holds everything a collector must not lose.
  const stateDir = values['state-dir'] ?? join(env().LANTERN_DATA_DIR, 'collector-state');
  const lock = values.follow ? await lockFollowedInputs(stateDir, positionals) : undefined;
  if (lock && 'heldBy' in lock) return refuseSecondFollower(`lantern ${command}`, lock.heldBy, stateDir);
  // The stored specs and overrides drive templating too, exactly as they drive classification: read from the
  // database locally, asked from the server by a remote collector, again as a run that lasts goes (run-templating.ts).
  const templating = await runTemplating({ server, token, local: files.value, everyMs: Number(values['flush-every']) * 1000, log: (m) => process.stderr.write(`lantern: ${m}\n`) });
  const { specs, overrides } = templating.current();
  const collectorName = collectorNameOf(values);
  const logFormat = logFormatFrom(values);
  const retryMs = Number(values['retry-for']) * 1000;
  const log = (m: string) => process.stderr.write(`lantern: ${m}\n`);
  const spool = server ? createSpool(spoolDirFor(env().LANTERN_DATA_DIR, server)) : undefined;

  const send: BatchSender = server ? (b) => sendBatch(server, token!, b) : storeLocally;
  const delivery = createDelivery({ spool, send, retryMs, log, oneDeadline: !values.follow && !positionals.includes('-') });
  const deliver = delivery.deliver;

  // Whatever an earlier run left spooled goes first. --follow drains it itself once the checkpoints its entries carry
  // are back (delivered and deleted before, a chunk whose checkpoint a kill had kept from disk was counted twice), and
  // standard input beside its reading (before it, a restarted `mirror | push -` read nothing through an outage).
  if (spool && !values.follow && !positionals.includes('-') && (await spool.keys()).length > 0) await deliver([]);

  const fingerprintKey = await loadFingerprintKey();
  const started = performance.now();
  const newAggregator = () => createObservationAggregator({ specs, overrides, defaultHost: values.host });
  // Runs that send in chunks template each chunk with all the run has seen (lib/inventory/chunked-aggregator.ts).
  const newChunkedAggregator = () => templating.chunkedAggregator(values.host);
  let report: ExtractReport;
  // A run of files stopped (Ctrl-C, SIGTERM): said and summed up, where Node's default ended it unsaid until 6 Dec
  // (`push a.log -` until 6 Dec too). --follow and standard input stop on them as their way to end (their flush), below.
  const stopped = values.follow ? undefined : stopOnSignal(log);
  try {
    if (values.follow) {
      report = await followAndFlush();
    } else {
      // Each input is its own set of batches, keyed by that input alone: `push a.log` and later `push a.log
      // b.log` count a.log once, and so does `push logs/` before and after logs/ gained b.log (a directory of logs
      // is its files: collectors/directory-inputs.ts). Keyed by the whole set, every new file made them count again.
      report = emptyReport();
      const totals: Totals = { exchanges: 0, observations: 0, batches: 0, applied: 0, duplicate: 0 };
      const extractOpts = { ...logFormat, fingerprintKey };
      // Templates are agreed over all the inputs first (a second read; standard input cannot be read twice), so
      // that counting each input on its own does not also template each on its own little traffic.
      let agreed = NO_AGREED_TEMPLATES;
      const warn = (text: string) => report.warnings.push(text);
      // A file named twice (or also in a directory named) is one unit: counted once, as a directory of captures.
      const units = await countingUnits(await distinctInputs(positionals, warn), warn);
      // A directory of captures too: it is counted file by file (per-file-aggregators.ts), and each file's little
      // traffic alone kept `/vaults/apollo-web`, `/vaults/data-lake`… literal where the whole made `/vaults/{vaultId}`.
      if ((units.length > 1 || units.some((u) => u.series)) && !positionals.includes('-')) {
        const joint = newAggregator();
        await extractExchanges(positionals, { ...extractOpts, signal: stopped?.signal }, (ex) => joint.add(ex));
        agreed = agreedTemplateSpecs(joint.result(new Date()).endpoints);
      }
      let done = 0;
      for (const { input, foundIn, series } of units) {
        if (stopped?.signal.aborted) break;
        if (input === '-') {
          report = mergeReports(report, await stopped!.leaveTo(() => ingestStream(totals)));
          done++;
          continue;
        }
        const make = () => createObservationAggregator({ specs: [...specs, ...agreed.hostless], agreedSpecs: agreed.hosted, overrides, defaultHost: values.host });
        // A file is keyed by itself (or by what standard input carried); a directory of captures by each file it read.
        const perFile = new PerFileAggregators(input, make, series === true);
        let stdinDigest: string | undefined;
        const onStdinDigest = (digest: string) => (stdinDigest = digest);
        const unitDigest = digestOfUnit(input);
        const one = await extractExchanges([input], { ...extractOpts, onStdinDigest, contentDigest: unitDigest.request, foundIn, signal: stopped?.signal }, perFile.add);
        // Part of an input is not sent: its batches are keyed by the whole input, and a later run would count it as done.
        if (stopped?.signal.aborted) break;
        report = mergeReports(report, one);
        if (one.errors.length > 0 && perFile.exchanges === 0) continue;
        const collector = { name: collectorName, kind: collectorKind(one) };
        await deliverParts(perFile.parts(), { unit: input, stdinDigest, fileDigest: unitDigest.sha256(), collector, stats: pickStats(one), maxBytes: templating.current().maxBatchBytes, deliver: (b) => deliver(b, false, stopped?.signal), totals });
        done++;
      }
      if (stopped?.signal.aborted) log(`stopped (${stopped.name}) after ${done} of ${units.length} input(s): the rest were not read; run again to send them and what stays spooled (nothing is counted twice)`);
      log(`${totals.exchanges} exchanges → ${totals.observations} endpoint observations in ${totals.batches} batch(es): ${totals.applied} applied, ${totals.duplicate} already counted`);
    }
  } finally {
    stopped?.release();
    templating.stop();
    if (!server) await disconnectDb();
    if (lock && 'release' in lock) await lock.release();
  }
  printSummary(report, performance.now() - started);
  if (stopped?.signal.aborted) return stopped.name === 'SIGINT' ? 130 : 143;
  if (delivery.leftSpooled > 0) return 3;
  return report.errors.length > 0 ? 2 : delivery.rejected > 0 ? 1 : 0;

  /**
   * Standard input, sent as it comes (`lantern mirror | lantern push -`): what has been aggregated goes out every
   * --flush-every seconds, the rest when the input ends or SIGINT/SIGTERM stops it. A pipe that ends before the
   * first flush is keyed by its content (the same bytes piped twice count once); periodic batches by this run.
   */
  async function ingestStream(totals: Totals): Promise<ExtractReport> {
    const run = randomUUID();
    const aggregator = newChunkedAggregator();
    let seq = 0;
    // What the pipe carries, from its first exchange's source: packets (a capture, `lantern mirror`) or lines.
    let kind: IngestBatch['collector']['kind'] = 'mixed';
    let chain: Promise<unknown> = Promise.resolve();
    // A failed flush is kept for the end: a timer's flush has no one to throw to.
    let failed: unknown;
    const flush = (key: () => Promise<string>) => {
      if (aggregator.exchanges === 0) return chain;
      const current = aggregator.take();
      // Spooled now, sent in turn: while a delivery waits out an outage (--retry-for), later chunks are on disk, not
      // only in memory where a kill lost them (until 5 Dec every chunk after an outage's first was).
      const planned = key().then((k) => planBatches({ inputFingerprint: k, collector: { name: collectorName, kind }, observations: current.observations, exchanges: current.exchanges, maxBytes: templating.current().maxBatchBytes }));
      if (spool) return spoolThenDeliver(current.exchanges, planned);
      planned.catch(() => undefined); // awaited in the chain; this only keeps Node from calling it unhandled
      chain = chain
        .then(async () => tally(totals, current.exchanges, await planned, await deliver(await planned, true)))
        .catch((err: unknown) => (failed ??= err));
      return chain;
    };
    // One delivery at most waits behind the running one, sending all that is spooled when it starts: until 6 Dec each
    // chunk queued its own, its batches held in memory through an outage, and at the end each retried for --retry-for.
    let queued = false;
    const spoolThenDeliver = async (exchanges: number, planned: Promise<IngestBatch[]>) => {
      try {
        const batches = await planned;
        for (const b of batches) await spool!.put(b);
        tally(totals, exchanges, batches, { applied: 0, duplicate: 0 });
      } catch (err) {
        failed ??= err;
        return chain;
      }
      return deliverSpooled();
    };
    const deliverSpooled = () => {
      if (queued) return chain;
      queued = true;
      chain = chain
        .then(async () => {
          queued = false;
          tally(totals, 0, [], await deliver([], true, controller.signal));
        })
        .catch((err: unknown) => (failed ??= err));
      return chain;
    };
    // The sequence number is taken now, not when the chain gets to it: the final flush must know whether one ran.
    const periodic = () => {
      if (aggregator.exchanges === 0) return;
      const n = seq++;
      void flush(async () => `${collectorName}:stdin:${run}:${n}`);
    };
    const timer = setInterval(periodic, Number(values['flush-every']) * 1000);
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (spool && (await spool.keys()).length > 0) void deliverSpooled();
    let digest: string | undefined;
    try {
      const report = await extractExchanges(['-'], { ...logFormat, fingerprintKey, signal: controller.signal, onStdinDigest: (d) => (digest = d) }, (ex) => {
        if (kind === 'mixed' && ex.source) kind = ex.source.packet !== undefined ? 'pcap' : 'log';
        aggregator.add(ex);
      });
      const whole = seq === 0 && !controller.signal.aborted;
      const n = seq++;
      await flush(async () => (whole ? fingerprintInputs(['-'], digest) : `${collectorName}:stdin:${run}:${n}`));
      if (failed) throw failed;
      return report;
    } finally {
      clearInterval(timer);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await chain;
    }
  }

  /**
   * Follow mode: exactly once across kills. Every reader (captures, logs, exchange files) aggregates into its own
   * lane. When a reader checkpoints it first calls `flushOutput` (the lane's aggregate becomes batches, held back)
   * and then `saveState`: the held batches and the checkpoint file's new content go to disk as ONE spool entry,
   * then the checkpoint file is written. A kill before the entry lands loses nothing (the reader resumes at its old
   * checkpoint and reads the chunk again); after it, `restoreStates` puts the checkpoint back on restart and the
   * batches are delivered once (idempotency keys). A whole file (a rotated capture, an exchange file) is keyed by
   * its content instead, like a plain `ingest` of it. The spool is then drained beside the readers: to the server
   * (every --flush-every seconds) or into the local database (as soon as an entry lands).
   */
  async function followAndFlush(): Promise<ExtractReport> {
    const journal = spool ?? createSpool(join(stateDir, 'journal'));
    const restored = await journal.restoreStates();
    if (restored > 0) log(`resumed ${restored} checkpoint(s) from batches a killed run had already made durable`);
    const session = randomUUID();
    let seq = 0;
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    let chain: Promise<unknown> = Promise.resolve();
    const serial = <T>(work: () => Promise<T>): Promise<T> => {
      const next = chain.then(work);
      chain = next.catch(() => undefined);
      return next;
    };
    // Deliveries run one at a time beside the readers' queue, not in it: a server that is down is retried for
    // --retry-for seconds, and the readers, waiting behind that to checkpoint, stopped reading; a log rotated twice
    // meanwhile lost the file in between (until 6 Dec). Entries are whole files, so a drain never sees half of one.
    let delivering: Promise<void> = Promise.resolve();
    let drains = 0;
    const drain = () => {
      drains++;
      const next = delivering.then(async () => {
        try {
          const drained = await drainSpool(journal, send, Date.now() + retryMs, log, controller.signal);
          delivery.setAside(drained.rejected, journal.dir);
          delivery.leftSpooled = drained.remaining;
        } finally {
          drains--;
        }
      });
      delivering = next.catch(() => undefined);
      return next;
    };
    // In the background, locally too (until 6 Dec readers waited for the database: down, it lost rotated files too).
    const drainSoon = () => void (drains < 2 && drain().catch((err: unknown) => log(`delivery failed: ${(err as Error).message}`)));
    drainSoon();

    interface Lane {
      aggregator: ReturnType<typeof newChunkedAggregator>;
      held: IngestBatch[];
      /** Log chunks aggregated past their checkpoints, and the checkpoint that covers them (written with them). */
      coalescing: boolean;
      pending?: { file: string; content: string };
    }
    const lanes = new Map<ReaderKind, Lane>();
    const kindOf = (kind: ReaderKind) => (lanes.size > 1 || kind === 'exchanges' ? 'mixed' : kind === 'captures' ? 'pcap' : 'log');
    const makeBatches = (kind: ReaderKind, lane: Lane, key: string) => {
      const current = lane.aggregator.take();
      return planBatches({ inputFingerprint: key, collector: { name: collectorName, kind: kindOf(kind) }, observations: current.observations, exchanges: current.exchanges, maxBytes: templating.current().maxBatchBytes });
    };
    const flushLane = (kind: ReaderKind, unit?: CompleteUnit) =>
      serial(async () => {
        const lane = lanes.get(kind)!;
        if (lane.aggregator.exchanges === 0) return;
        // A log read in 1 MiB chunks made a batch per chunk: a backlog of 400 000 lines took 97 s instead of 5
        // (every batch rewrites each endpoint it names). Chunks now accumulate until the readers are idle.
        if (!unit && kind === 'logs' && lane.aggregator.exchanges < COALESCE_EXCHANGES) {
          lane.coalescing = true;
          return;
        }
        lane.coalescing = false;
        lane.pending = undefined; // the checkpoint saved next covers everything aggregated so far
        const batches = makeBatches(kind, lane, unit ? await fingerprintInputs([unit.path]) : `${collectorName}:${session}:${seq++}`);
        if (unit) await journal.putEntry({ batches });
        else lane.held.push(...batches);
      }).then(() => (unit && !server ? drainSoon() : undefined));
    const saveLaneState = (kind: ReaderKind, file: string, content: string) =>
      serial(async () => {
        const lane = lanes.get(kind)!;
        // Not durable yet: the checkpoint is written with the records it covers, when they are flushed.
        if (lane.coalescing) {
          lane.pending = { file, content };
          return false;
        }
        const held = lane.held;
        lane.held = [];
        if (held.length > 0) await journal.putEntry({ batches: held, state: { file: resolve(file), content } });
        await writeAtomically(file, content);
        return held.length > 0;
      }).then((wrote) => (wrote && !server ? drainSoon() : undefined));
    /** Readers idle: every coalesced chunk was checkpointed (in `pending`), so records and checkpoint go out together. */
    const flushCoalesced = () =>
      serial(async () => {
        let wrote = false;
        for (const [kind, lane] of lanes) {
          if (!lane.coalescing) continue;
          lane.coalescing = false;
          const batches = [...lane.held, ...makeBatches(kind, lane, `${collectorName}:${session}:${seq++}`)];
          const pending = lane.pending;
          lane.pending = undefined;
          if (!pending) {
            lane.held = batches;
            continue;
          }
          lane.held = [];
          if (batches.length > 0) await journal.putEntry({ batches, state: { file: resolve(pending.file), content: pending.content } });
          await writeAtomically(pending.file, pending.content);
          wrote ||= batches.length > 0;
        }
        return wrote;
      }).then((wrote) => (wrote && !server ? drainSoon() : undefined));
    const lane = (kind: ReaderKind): ReaderLane => {
      lanes.set(kind, { aggregator: newChunkedAggregator(), held: [], coalescing: false });
      return {
        sink: (ex) => lanes.get(kind)!.aggregator.add(ex),
        flushOutput: (unit) => flushLane(kind, unit),
        saveState: (file, content) => saveLaneState(kind, file, content),
        idle: flushCoalesced,
      };
    };
    // While a drain retries, none is queued behind it: the next tick after it takes what was spooled meanwhile.
    const timer = setInterval(() => drains === 0 && drainSoon(), Number(values['flush-every']) * 1000);
    try {
      const report = await extractExchanges(
        positionals,
        { ...logFormat, follow: true, stateDir, fingerprintKey, signal: controller.signal, lanes: lane, onWarning: (text) => process.stderr.write(`warning: ${text}\n`) },
        () => {
          throw new Error('follow mode delivers through lanes');
        },
      );
      // Stopped: the readers have returned after a checkpoint, so what they coalesced can go out with it.
      await flushCoalesced();
      return report;
    } finally {
      clearInterval(timer);
      // What a lane still aggregates or holds was never checkpointed: its reader reads it again after a restart.
      await drain();
    }
  }
}

/** Exchanges a follow run aggregates from log chunks before it makes them batches even while the readers are busy. */
const COALESCE_EXCHANGES = 200_000;
