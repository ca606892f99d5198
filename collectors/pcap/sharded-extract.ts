/**
 * Parallel extraction of a capture file, or of the files of a rotated series one after the other with the workers'
 * engines carrying flows across (CaptureEngine.continueWith): this thread reads each file once into a shared ring
 * (input-ring.ts), `count` worker threads (shard-worker.ts) each parse all of it and handle the flows that hash to
 * them, and this thread merges their records back into single-thread order (shard-merge.ts) and writes them. Decoding
 * every packet in every worker costs little next to reassembly, HTTP parsing and JSON, which split across them.
 *
 * The output equals one thread's byte for byte, except where state is per shard by nature: each shard
 * samples bodies for sensitive-data scanning on its own, over its share of the flows (so `sensitive` can
 * differ when sampling is on; together they scan about as many bodies as one thread, see BodyBudget),
 * and the memory caps (connections, held bytes) are split between the shards.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { addCounts } from '../../lib/inventory/count-map';
import { mergeMalformed, type MalformedTally } from '../malformed-tally';
import { jsonBytesOf } from '../logs/json-bytes';
import { totalsSince, type EngineTotals } from './capture-engine';
import type { CaptureRun } from './capture-report';
import { InputRing } from './input-ring';
import { readCaptureHead } from './open-capture';
import type { CaptureOutcome } from './read-capture';
import { ShardMerge } from './shard-merge';
import { Slabs, type ShardCommand, type ShardFile, type ShardJob, type ShardMessage } from './shard-slabs';
import { fileProblem } from '../../lib/file-problem';
import { bundleDir } from '../../lib/bundle-dir';

export interface ShardedOptions extends Omit<ShardJob, 'kind' | 'index' | 'count' | 'first' | 'slabs' | 'stop'> {
  signal?: AbortSignal;
  /** The worker script (tests substitute one that fails). */
  entry?: string | URL;
  /** Slabs per shard (tests use few, to make a shard wait for the writer). */
  slabs?: number;
  onBytes?: (path: string, bytesRead: number, bytesTotal: number) => void;
  /** How long a failed run's workers get to end themselves before they are terminated (tests shorten it). */
  stopGraceMs?: number;
}

/**
 * Each worker is a V8 isolate with its own heap: with the default young generation (up to 32 MB of
 * semi-spaces) each added ~40 MB of RSS in the memory worst case; at 8 MB throughput is the same on the
 * benchmark capture and peak RSS there drops from ~180 to ~140 MB with two workers.
 */
const WORKER_YOUNG_GENERATION_MB = 8;

/** Only a stuck worker (a bug) is still running after this once asked to stop. */
const STOP_GRACE_MS = 10_000;

/** The CLI bundle's compiled worker entry when running from it (lib/bundle-dir.ts), else the source's. */
function workerEntry(): string | URL {
  const dir = bundleDir();
  if (dir !== undefined) return join(dir, 'capture-worker.mjs');
  return new URL('./shard-worker-entry.mjs', import.meta.url);
}

/** One run per file read (a stop request ends the series after the file it came in). */
export async function extractSharded(paths: string[], count: number, opts: ShardedOptions, emitJson: (json: string) => void): Promise<CaptureRun[]> {
  const bytesOut = jsonBytesOf(emitJson);
  const decoder = new TextDecoder();
  const write = bytesOut
    ? (bytes: Uint8Array, start: number, end: number) => {
        const n = end - start;
        if (bytesOut.buf.length - bytesOut.pos < n) bytesOut.makeRoom(n);
        bytesOut.buf.set(bytes.subarray(start, end), bytesOut.pos);
        bytesOut.pos += n;
      }
    : (bytes: Uint8Array, start: number, end: number) => {
        // Without the writer's byte buffer, lines go out one by one as text (without their newline).
        let s = start;
        for (let i = start; i < end; i++) {
          if (bytes[i] !== 10) continue;
          emitJson(decoder.decode(bytes.subarray(s, i)));
          s = i + 1;
        }
      };
  const slabs = Array.from({ length: count }, () => Slabs.allocate(opts.slabs));
  const merge = new ShardMerge(count, write, (shard, batch) => {
    if (batch.slab === undefined) return;
    const { states } = slabs[shard];
    Atomics.store(states, batch.slab, 0);
    Atomics.notify(states, batch.slab);
  });
  const { signal, onBytes, entry = workerEntry(), slabs: _slabs, stopGraceMs = STOP_GRACE_MS, ...jobOpts } = opts;
  const threads: Worker[] = [];
  let reading = paths[0];
  const stage = new Stage(count);
  let input: InputRing | undefined;
  let failure: Error | undefined;
  const stopMemory = new SharedArrayBuffer(4);
  const exited: Promise<void>[] = [];
  const stopThreads = () => {
    const flag = new Int32Array(stopMemory);
    if (Atomics.exchange(flag, 0, 1) === 1) return;
    // Asked, not terminated: see stopCheck in shard-worker.ts (terminate() mid-zlib aborts the process). The flag
    // is read between blocks and by a thread waiting for a free slab (woken here), the message by one waiting for
    // its next file, and the ring's cancel ends one waiting for a block.
    for (const { states } of slabs) for (let i = 0; i < states.length; i++) Atomics.notify(states, i);
    for (const t of threads) t.postMessage({ type: 'stop' } satisfies ShardCommand);
    const force = setTimeout(() => {
      for (const t of threads) void t.terminate();
    }, stopGraceMs).unref();
    void Promise.all(exited).then(() => clearTimeout(force));
  };
  const fail = (err: Error) => {
    failure ??= err;
    // The others would wait for this shard's records forever (the merge cannot pass it): end them.
    stopThreads();
    input?.cancel();
    stage.fail(failure);
  };
  const receive = (index: number, msg: ShardMessage) => {
    if (msg.type === 'file' || msg.type === 'done') return stage.report(index, msg);
    if (index === 0 && msg.bytesRead > 0) onBytes?.(reading, msg.bytesRead, msg.bytesTotal);
    if (msg.type === 'watermark') merge.advance(index, msg.watermark);
    else merge.add(index, { ...slabs[index].view(msg.slab), count: msg.count, watermark: msg.watermark, slab: msg.slab });
  };
  // `exited` settles when every thread has exited, so nothing is left running (or waiting) behind a failure.
  const start = (first: ShardFile) => {
    for (let index = 0; index < count; index++) {
      const job: ShardJob = { kind: 'lantern-capture-shard', ...jobOpts, first, index, count, slabs: slabs[index].memory, stop: stopMemory };
      const worker = new Worker(entry, { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
      threads.push(worker);
      let done = false;
      worker.on('message', (msg: ShardMessage) => {
        if (msg.type === 'done') done = true;
        receive(index, msg);
      });
      worker.once('error', fail);
      exited.push(new Promise((resolve) => worker.once('exit', (code) => {
        if (!done) fail(new Error(`capture worker ${index} exited (code ${code}) before finishing`));
        resolve();
      })));
    }
  };
  const command = (c: ShardCommand) => {
    for (const t of threads) t.postMessage(c);
  };
  const runs: CaptureRun[] = [];
  let before: EngineTotals = { stats: {}, exchanges: 0 };
  try {
    for (const path of paths) {
      let head;
      try {
        head = await readCaptureHead(path);
      } catch (err) {
        // Gone since it was listed (rotation deletes old files): the series goes on without it.
        runs.push({ outcome: { status: 'invalid', packets: 0, bytes: 0, format: 'unknown', problem: fileProblem(err) }, stats: {}, exchanges: 0 });
        continue;
      }
      // The ring hands out the file's own bytes: a gzip capture stays on one thread (see workersFor).
      if (head.gzip) throw new Error('a gzip capture is not split between workers');
      reading = path;
      input = InputRing.allocate();
      const file: ShardFile = { path, input: input.memory, magic: new Uint8Array(head.magic), fileBytes: head.fileBytes, modifiedMs: head.modifiedMs };
      const reported = stage.next();
      if (threads.length === 0) start(file);
      else command({ type: 'next', file });
      const filled = input.fill(path, count, signal);
      const totals = await reported;
      // Every shard is done with the file; damage ends them all at the same record, maybe long before its end,
      // and the reader would wait forever for slots nobody releases.
      input.cancel();
      await filled;
      input = undefined;
      const after = summed(totals);
      runs.push({ outcome: totals[0].outcome!, ...totalsSince(before, after), malformedKinds: mergedKinds(totals) });
      before = after;
      if (signal?.aborted) break;
    }
    if (threads.length === 0) return runs;
    const finishing = stage.next();
    command({ type: 'finish' });
    const finished = await finishing;
    const after = summed(finished);
    // The last file's run takes the records of the final flush, as on one thread.
    const last = runs[runs.length - 1];
    const flushed = totalsSince(before, after);
    last.stats = addCounts(last.stats, flushed.stats);
    last.exchanges += flushed.exchanges;
    last.malformedKinds = mergeMalformed(last.malformedKinds, mergedKinds(finished));
    await Promise.all(exited);
    if (merge.pending > 0) throw new Error(`${merge.pending} records were left unmerged`);
    return runs;
  } catch (err) {
    fail(err as Error);
    await Promise.all(exited);
    throw failure;
  } finally {
    input?.cancel();
  }
}

type Reported = EngineTotals & { outcome?: CaptureOutcome; malformedKinds?: MalformedTally };

/** Waits for every worker's report of one step (a file read, or the final flush); a failure ends the wait. */
class Stage {
  private got: Reported[] = [];
  private arrived = 0;
  private settle?: { resolve: (t: Reported[]) => void; reject: (e: Error) => void };
  private failed?: Error;

  constructor(private readonly count: number) {}

  next(): Promise<Reported[]> {
    this.got = new Array(this.count);
    this.arrived = 0;
    return new Promise((resolve, reject) => {
      if (this.failed) return reject(this.failed);
      this.settle = { resolve, reject };
    });
  }

  report(index: number, totals: Reported): void {
    this.got[index] = totals;
    if (++this.arrived === this.count) this.settle?.resolve(this.got);
  }

  fail(err: Error): void {
    this.failed = err;
    this.settle?.reject(err);
  }
}

/** Each shard's malformed things of its own flows (and shard 0's of every packet): summed, the earliest first kept. */
function mergedKinds(totals: Reported[]): MalformedTally {
  return totals.reduce<MalformedTally>((all, t) => mergeMalformed(all, t.malformedKinds), {});
}

function summed(totals: Reported[]): EngineTotals {
  const stats = totals.reduce((sum, t) => addCounts(sum, t.stats), {});
  return { stats, exchanges: totals.reduce((n, t) => n + t.exchanges, 0) };
}
