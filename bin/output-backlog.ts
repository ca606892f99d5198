import type { Writable } from 'node:stream';

/**
 * A live source cannot wait for its reader: while `lantern mirror` writes to a consumer that stalls (`| sleep`,
 * a pusher whose server is slow), Node queues stdout writes to a pipe in memory without limit. Past `maxBytes`
 * queued, records are dropped and counted instead, as the kernel drops datagrams the mirror is too slow for.
 */
export class OutputBacklog {
  dropped = 0;

  constructor(
    private readonly stream: Writable,
    private readonly maxBytes: number,
    private readonly onFirstDrop: () => void,
  ) {}

  /** Whether a record may be written now; counts it as dropped when not. */
  admit(): boolean {
    if (this.stream.writableLength <= this.maxBytes) return true;
    if (this.dropped++ === 0) this.onFirstDrop();
    return false;
  }
}
