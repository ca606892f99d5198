import { dirname, resolve } from 'node:path';
import type { Exchange } from '../../lib/exchange';

/**
 * Records a killed run wrote past the last checkpoint, by identity: a record the restart makes again is
 * not written twice, whatever else differs (a response the rebuilt engine could not pair, say). Only those read from
 * a capture in one of the follower's directories are held: only those can be made again, and past the mark there may
 * be a week of another follower's (`extract --follow capsA/ >> out` while capsB's was stopped), until 7 Dec all held.
 */
export class WrittenRecords {
  private readonly left = new Map<string, number>();
  private readonly dirs: Set<string>;
  skipped = 0;

  constructor(dirs: string[]) {
    this.dirs = new Set(dirs.map((d) => resolve(d)));
  }

  /** A line written past the last checkpoint. */
  add(line: string): void {
    let ex: Exchange;
    try {
      ex = JSON.parse(line) as Exchange;
    } catch {
      return; // not a record of ours (the output file was written by something else too): nothing to match
    }
    if (typeof ex?.source?.file !== 'string' || !this.dirs.has(dirname(resolve(ex.source.file)))) return;
    const k = identity(ex);
    this.left.set(k, (this.left.get(k) ?? 0) + 1);
  }

  /** How many records are held to be matched. */
  get held(): number {
    let n = 0;
    for (const v of this.left.values()) n += v;
    return n;
  }

  /** Whether `ex` was written already (each written record matches once). */
  has(ex: Exchange): boolean {
    if (this.left.size === 0) return false;
    const k = identity(ex);
    const n = this.left.get(k);
    if (n === undefined) return false;
    if (n === 1) this.left.delete(k);
    else this.left.set(k, n - 1);
    this.skipped++;
    return true;
  }
}

/** Where the request was read and what it asked: unique but for identical requests in one packet (pipelined). */
function identity(ex: Exchange): string {
  return JSON.stringify([ex.source?.file, ex.source?.packet, ex.method, ex.host, ex.path]);
}
