/**
 * The shared memory and messages between the main thread and the capture workers of parallel extraction
 * (sharded-extract.ts, shard-worker.ts). Each shard owns SLABS slabs: a slab holds up to SLAB_LINES records
 * as UTF-8 lines, with each line's end offset, packet and order (the ShardMerge tags) alongside.
 */
import type { BodyAnalysis } from '../http/body-budget';
import type { CaptureOutcome, ClassicReader } from './read-capture';

export interface ShardJob {
  kind: 'lantern-capture-shard';
  path: string;
  index: number;
  count: number;
  fingerprintKey: Uint8Array | string;
  bodyAnalysis?: BodyAnalysis;
  classicReader?: ClassicReader;
  /** Int32 slots: [0] stop requested; then SLABS slab states per shard (0 free, 1 handed to the main thread). */
  control: SharedArrayBuffer;
  /** This shard's slabs (slabMemory, read through slabViews). */
  slabs: SharedArrayBuffer;
}

export type ShardMessage =
  | { type: 'slab'; slab: number; count: number; watermark: number; bytesRead: number; bytesTotal: number }
  | { type: 'line'; json: string; packet: number; order: number; watermark: number; bytesRead: number; bytesTotal: number }
  | { type: 'watermark'; watermark: number; bytesRead: number; bytesTotal: number }
  | { type: 'done'; outcome: CaptureOutcome; stats: Record<string, number>; exchanges: number };

export const SLABS = 32;
export const SLAB_BYTES = 1 << 20;
export const SLAB_LINES = 4096;
/** Per slab: its bytes, then line ends (u32), then packets and orders (f64). */
const SLAB_SIZE = SLAB_BYTES + SLAB_LINES * (4 + 8 + 8);

export function slabMemory(): SharedArrayBuffer {
  return new SharedArrayBuffer(SLABS * SLAB_SIZE);
}

/** Views on one slab, for the worker (writing) and the main thread (reading). */
export function slabViews(memory: SharedArrayBuffer, slab: number) {
  const base = slab * SLAB_SIZE;
  return {
    bytes: Buffer.from(memory, base, SLAB_BYTES),
    ends: new Uint32Array(memory, base + SLAB_BYTES, SLAB_LINES),
    packets: new Float64Array(memory, base + SLAB_BYTES + 4 * SLAB_LINES, SLAB_LINES),
    orders: new Float64Array(memory, base + SLAB_BYTES + 12 * SLAB_LINES, SLAB_LINES),
  };
}

export function slabState(index: number, slab: number): number {
  return 1 + index * SLABS + slab;
}
