/**
 * Parallel extraction of one capture file: this thread reads the file once into a shared ring (input-ring.ts),
 * `count` worker threads (shard-worker.ts) each parse all of it and handle the flows that hash to them, and
 * this thread merges their records back into single-thread order (shard-merge.ts) and writes them. Decoding
 * every packet in every worker costs little next to reassembly, HTTP parsing and JSON, which split across them.
 *
 * The output equals one thread's byte for byte, except where state is per shard by nature: each shard
 * samples bodies for sensitive-data scanning on its own, over its share of the flows (so `sensitive` can
 * differ when sampling is on; together they scan about as many bodies as one thread, see BodyBudget),
 * and the memory caps (connections, held bytes) are split between the shards.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { jsonBytesOf } from '../logs/json-bytes';
import { InputRing } from './input-ring';
import { readCaptureHead } from './open-capture';
import type { CaptureOutcome } from './read-capture';
import { ShardMerge } from './shard-merge';
import { Slabs, type ShardJob, type ShardMessage } from './shard-slabs';

export interface ShardedRun {
  outcome: CaptureOutcome;
  stats: Record<string, number>;
  exchanges: number;
}

export interface ShardedOptions extends Omit<ShardJob, 'kind' | 'index' | 'count' | 'input' | 'magic' | 'fileBytes' | 'path' | 'slabs'> {
  signal?: AbortSignal;
  /** The worker script (tests substitute one that fails). */
  entry?: string | URL;
  /** Slabs per shard (tests use few, to make a shard wait for the writer). */
  slabs?: number;
  onBytes?: (bytesRead: number, bytesTotal: number) => void;
}

/**
 * Each worker is a V8 isolate with its own heap: with the default young generation (up to 32 MB of
 * semi-spaces) each added ~40 MB of RSS in the memory worst case; at 8 MB throughput is the same on the
 * benchmark capture and peak RSS there drops from ~180 to ~140 MB with two workers.
 */
const WORKER_YOUNG_GENERATION_MB = 8;

/** Where the CLI bundle (bin/cli-bundle.mjs) put its compiled worker entry, when running from it. */
const BUNDLE_DIR = Symbol.for('lantern.bundleDir');

function workerEntry(): string | URL {
  const dir = (globalThis as Record<symbol, unknown>)[BUNDLE_DIR];
  if (typeof dir === 'string') return join(dir, 'capture-worker.mjs');
  return new URL('./shard-worker-entry.mjs', import.meta.url);
}

export async function extractSharded(path: string, count: number, opts: ShardedOptions, emitJson: (json: string) => void): Promise<ShardedRun> {
  const head = await readCaptureHead(path);
  // The ring hands out the file's own bytes: a gzip capture stays on one thread (see workersFor).
  if (head.gzip) throw new Error('a gzip capture is not split between workers');
  const input = InputRing.allocate();
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
  const { signal: _signal, onBytes, entry = workerEntry(), slabs: _slabs, ...jobOpts } = opts;
  const threads: Worker[] = [];
  const receive = (index: number, msg: Exclude<ShardMessage, { type: 'done' }>) => {
    if (index === 0 && msg.bytesRead > 0) onBytes?.(msg.bytesRead, msg.bytesTotal);
    if (msg.type === 'watermark') merge.advance(index, msg.watermark);
    else merge.add(index, { ...slabs[index].view(msg.slab), count: msg.count, watermark: msg.watermark, slab: msg.slab });
  };
  try {
    // Settles when every thread has exited, so nothing is left running (or waiting) behind a failure.
    let failure: Error | undefined;
    const fail = (err: Error) => {
      failure ??= err;
      // The others would wait for this shard's records forever (the merge cannot pass it): end them.
      for (const t of threads) void t.terminate();
      input.cancel();
    };
    const filled = input.fill(path, count, opts.signal);
    const shared = { input: input.memory, magic: new Uint8Array(head.magic), fileBytes: head.fileBytes };
    const settled = await Promise.all(
      Array.from({ length: count }, (_, index) => {
        const job: ShardJob = { kind: 'lantern-capture-shard', ...jobOpts, ...shared, path, index, count, slabs: slabs[index].memory };
        return new Promise<ShardedRun | undefined>((resolve) => {
          const worker = new Worker(entry, { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
          threads.push(worker);
          let done: ShardedRun | undefined;
          worker.on('message', (msg: ShardMessage) => {
            if (msg.type === 'done') done = msg;
            else receive(index, msg);
          });
          worker.once('error', fail);
          worker.once('exit', (code) => {
            if (!done) fail(new Error(`capture worker ${index} exited (code ${code}) before finishing`));
            resolve(done);
          });
        });
      }),
    );
    await filled;
    if (failure) throw failure;
    const runs = settled as ShardedRun[];
    if (merge.pending > 0) throw new Error(`${merge.pending} records were left unmerged`);
    const stats: Record<string, number> = {};
    for (const r of runs) for (const [k, v] of Object.entries(r.stats)) stats[k] = (stats[k] ?? 0) + v;
    return { outcome: runs[0].outcome, stats, exchanges: runs.reduce((n, r) => n + r.exchanges, 0) };
  } finally {
    input.cancel();
  }
}
