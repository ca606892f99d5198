import type { DamageSkipped } from './packet-sink';

/**
 * A capture parser's damage, from the record it was found at to the next intact one: what was wrong, the bytes
 * passed over (across the chunks parse is called with), and every stretch skipped so far.
 */
export class DamageSearch {
  readonly skipped: DamageSkipped[] = [];
  /** What the damage was while the search goes on; undefined otherwise. */
  problem: string | undefined;
  private bytes = 0;

  begin(problem: string, bytesAlready = 0): void {
    this.problem = problem;
    this.bytes = bytesAlready;
  }

  /**
   * The first place in buf[off, len) with at least `header` bytes where `intactAt` says records follow intact (the
   * damage ends there, after `packets`), or where it needs more input (the search goes on in the next chunk).
   */
  search(buf: Buffer, off: number, len: number, header: number, packets: number, intactAt: (buf: Buffer, off: number, len: number) => 1 | 0 | -1): number {
    const start = off;
    for (; off + header <= len; off++) {
      const intact = intactAt(buf, off, len);
      if (intact === -1) break;
      if (intact === 1) {
        this.skipped.push({ afterPacket: packets, problem: this.problem!, bytes: this.bytes + off - start });
        this.problem = undefined;
        return off;
      }
    }
    this.bytes += off - start;
    return off;
  }
}
