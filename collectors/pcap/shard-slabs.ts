/**
 * The shared memory and messages between the main thread and the capture workers of parallel extraction
 * (sharded-extract.ts, shard-worker.ts). Each shard owns its Slabs: a slab holds up to SLAB_LINES records
 * as UTF-8 lines, with each line's end offset, packet and order (the ShardMerge tags) alongside.
 */
import type { BodyAnalysis } from '../http/body-budget';
import type { EngineTotals } from './capture-engine';
import type { CaptureOutcome } from './read-capture';
import type { MalformedTally } from '../malformed-tally';

export interface ShardJob {
  kind: 'lantern-capture-shard';
  index: number;
  count: number;
  fingerprintKey: Uint8Array | string;
  bodyAnalysis?: BodyAnalysis;
  /** The first file; the next ones of the series come as ShardCommand `next`. */
  first: ShardFile;
  /** This shard's slabs (Slabs.memory). */
  slabs: SharedArrayBuffer;
  /** One Int32, shared by every shard: non-zero once the run failed and each worker must end itself (StopFlag). */
  stop: SharedArrayBuffer;
}

export interface ShardFile {
  path: string;
  /** The file's blocks, read once by the main thread (InputRing.memory). */
  input: SharedArrayBuffer;
  /** The capture's first four bytes (which parser), its size (progress) and modification time (readCaptureBlocks). */
  magic: Uint8Array;
  fileBytes: number;
  modifiedMs: number;
}

/** Main thread → worker, after the worker reported a file: read the next one, or flush and end. */
export type ShardCommand = { type: 'next'; file: ShardFile } | { type: 'finish' } | { type: 'stop' };


export type ShardMessage =
  | { type: 'slab'; slab: number; count: number; watermark: number; bytesRead: number; bytesTotal: number }
  | { type: 'watermark'; watermark: number; bytesRead: number; bytesTotal: number }
  | ({ type: 'file'; outcome: CaptureOutcome; malformedKinds: MalformedTally } & EngineTotals)
  | ({ type: 'done'; malformedKinds: MalformedTally } & EngineTotals);

/** Slabs per shard: 8 × 1 MiB measured as fast as 32 on the benchmark capture, for a quarter of the memory. */
export const SLABS = 8;
export const SLAB_BYTES = 1 << 20;
export const SLAB_LINES = 4096;
/** Per slab: its bytes, then line ends (u32), then packets and orders (f64). */
const SLAB_SIZE = SLAB_BYTES + SLAB_LINES * (4 + 8 + 8);
/** Before the slabs: one Int32 state per slab (0 free, 1 handed to the main thread), padded to 8 bytes. */
const headerBytes = (slabs: number) => Math.ceil((4 * slabs) / 8) * 8;

/** One shard's slabs with their states. */
export class Slabs {
  readonly count: number;
  readonly states: Int32Array;
  private readonly views: ReturnType<typeof viewsOf>[];

  constructor(readonly memory: SharedArrayBuffer) {
    // The count follows from the size (the state header is far smaller than a slab), so the worker needs
    // nothing but the memory.
    const n = Math.floor(memory.byteLength / SLAB_SIZE);
    this.count = n;
    this.states = new Int32Array(memory, 0, n);
    this.views = Array.from({ length: n }, (_, i) => viewsOf(memory, headerBytes(n) + i * SLAB_SIZE));
  }

  static allocate(count = SLABS): Slabs {
    return new Slabs(new SharedArrayBuffer(headerBytes(count) + count * SLAB_SIZE));
  }

  view(slab: number) {
    return this.views[slab];
  }
}

function viewsOf(memory: SharedArrayBuffer, base: number) {
  return {
    bytes: Buffer.from(memory, base, SLAB_BYTES),
    ends: new Uint32Array(memory, base + SLAB_BYTES, SLAB_LINES),
    packets: new Float64Array(memory, base + SLAB_BYTES + 4 * SLAB_LINES, SLAB_LINES),
    orders: new Float64Array(memory, base + SLAB_BYTES + 12 * SLAB_LINES, SLAB_LINES),
  };
}
