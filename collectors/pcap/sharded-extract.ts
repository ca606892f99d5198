/**
 * Parallel extraction of one capture file: `count` worker threads (shard-worker.ts) each read the whole
 * file and handle the flows that hash to them; this thread merges their records back into single-thread
 * order (shard-merge.ts) and writes them. Reading and decoding every packet twice costs little next to
 * reassembly, HTTP parsing and JSON, which split across the workers.
 *
 * The output equals one thread's byte for byte, except where state is per shard by nature: each shard
 * samples bodies for sensitive-data scanning on its own (so `sensitive` can differ when sampling is on),
 * and the memory caps (connections, held bytes) are split between the shards.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { jsonBytesOf } from '../logs/json-bytes';
import type { CaptureOutcome } from './read-capture';
import { ShardMerge } from './shard-merge';
import { SLABS, slabMemory, slabState, slabViews, type ShardJob, type ShardMessage } from './shard-slabs';

export interface ShardedRun {
  outcome: CaptureOutcome;
  stats: Record<string, number>;
  exchanges: number;
}

export interface ShardedOptions extends Omit<ShardJob, 'kind' | 'index' | 'count' | 'control' | 'path' | 'slabs'> {
  signal?: AbortSignal;
  onBytes?: (bytesRead: number, bytesTotal: number) => void;
}

/** Where the CLI bundle (bin/cli-bundle.mjs) put its compiled worker entry, when running from it. */
const BUNDLE_DIR = Symbol.for('lantern.bundleDir');

function workerEntry(): string | URL {
  const dir = (globalThis as Record<symbol, unknown>)[BUNDLE_DIR];
  if (typeof dir === 'string') return join(dir, 'capture-worker.mjs');
  return new URL('./shard-worker-entry.mjs', import.meta.url);
}

export async function extractSharded(path: string, count: number, opts: ShardedOptions, emitJson: (json: string) => void): Promise<ShardedRun> {
  const control = new SharedArrayBuffer(4 * (1 + count * SLABS));
  const slots = new Int32Array(control);
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
  const slabs = Array.from({ length: count }, () => slabMemory());
  const views = slabs.map((memory) => Array.from({ length: SLABS }, (_, i) => slabViews(memory, i)));
  const merge = new ShardMerge(count, write, (shard, batch) => {
    if (batch.slab === undefined) return;
    const state = slabState(shard, batch.slab);
    Atomics.store(slots, state, 0);
    Atomics.notify(slots, state);
  });
  const stop = () => Atomics.store(slots, 0, 1);
  opts.signal?.addEventListener('abort', stop, { once: true });
  const { signal: _signal, onBytes, ...jobOpts } = opts;
  const entry = workerEntry();
  const receive = (index: number, msg: Exclude<ShardMessage, { type: 'done' }>) => {
    if (index === 0 && msg.bytesRead > 0) onBytes?.(msg.bytesRead, msg.bytesTotal);
    if (msg.type === 'watermark') merge.advance(index, msg.watermark);
    else if (msg.type === 'slab') {
      const v = views[index][msg.slab];
      merge.add(index, { ...v, count: msg.count, watermark: msg.watermark, slab: msg.slab });
    } else {
      const bytes = Buffer.from(`${msg.json}\n`);
      const one = (n: number) => Float64Array.of(n);
      merge.add(index, { bytes, ends: Uint32Array.of(bytes.length), packets: one(msg.packet), orders: one(msg.order), count: 1, watermark: msg.watermark });
    }
  };
  try {
    const runs = await Promise.all(
      Array.from({ length: count }, (_, index) => {
        const job: ShardJob = { kind: 'lantern-capture-shard', ...jobOpts, path, index, count, control, slabs: slabs[index] };
        return new Promise<ShardedRun>((resolve, reject) => {
          const worker = new Worker(entry, { workerData: job });
          let done: ShardedRun | undefined;
          worker.on('message', (msg: ShardMessage) => {
            if (msg.type === 'done') done = msg;
            else receive(index, msg);
          });
          worker.once('error', (err) => {
            // One shard failing leaves the others waiting on the merge: stop them too.
            stop();
            reject(err);
          });
          worker.once('exit', (code) => {
            if (done) resolve(done);
            else reject(new Error(`capture worker ${index} exited (code ${code}) before finishing`));
          });
        });
      }),
    );
    if (merge.pending > 0) throw new Error(`${merge.pending} records were left unmerged`);
    const stats: Record<string, number> = {};
    for (const r of runs) for (const [k, v] of Object.entries(r.stats)) stats[k] = (stats[k] ?? 0) + v;
    return { outcome: runs[0].outcome, stats, exchanges: runs.reduce((n, r) => n + r.exchanges, 0) };
  } finally {
    opts.signal?.removeEventListener('abort', stop);
  }
}
