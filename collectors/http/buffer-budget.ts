/**
 * One pool for the bytes connections hold while waiting for more (split header blocks, partial h2 frames but DATA,
 * ClientHellos, not-yet-classified first bytes). Per-connection caps alone do not bound memory: 50 000
 * flows each holding a 60 KiB half-header would be 3 GiB. When the pool is dry, the connection that
 * asked gives up on that message (counted as malformed) instead of growing.
 */
/** A few hundred connections split mid-head at once in real traffic; 48 MiB until the memory worst case needed the margin. */
export const BUFFER_CAPACITY = 32 << 20;

export class BufferBudget {
  private used = 0;

  constructor(readonly capacity: number = BUFFER_CAPACITY) {}

  reserve(bytes: number): boolean {
    if (this.used + bytes > this.capacity) return false;
    this.used += bytes;
    return true;
  }

  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }

  get inUse(): number {
    return this.used;
  }
}

/** Used where no shared budget is given (unit tests of a single stream). */
export const UNBOUNDED = new BufferBudget(Number.MAX_SAFE_INTEGER);
