import type { BufferBudget } from './buffer-budget';

/** Server bytes kept until the protocol is known: an h2 server's SETTINGS frame is tens of bytes. */
const EARLY_CAP = 16 << 10;

/** Bytes of a direction not yet recognised as HTTP/1, kept (capped) in case the other side turns out to speak h2c. */
export class EarlyBytes {
  private readonly chunks: [Buffer[], Buffer[]] = [[], []];
  private bytes = 0;

  constructor(private readonly buffers: BufferBudget) {}

  has(dir: 0 | 1): boolean {
    return this.chunks[dir].length > 0;
  }

  of(dir: 0 | 1): Buffer[] {
    return this.chunks[dir];
  }

  keep(dir: 0 | 1, buf: Buffer, start: number, end: number): void {
    if (this.bytes + (end - start) > EARLY_CAP || !this.buffers.reserve(end - start)) return;
    this.chunks[dir].push(Buffer.from(buf.subarray(start, end)));
    this.bytes += end - start;
  }

  /** Gives the bytes' share of the budget back; `undefined`, for the holder to forget it. */
  drop(): undefined {
    this.buffers.release(this.bytes);
    this.bytes = 0;
    return undefined;
  }
}
