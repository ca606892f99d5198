/**
 * Decides which bodies are decoded and scanned for sensitive data. Scanning every body of a busy mirror
 * costs more than everything else the collector does together (zlib + regexes over 64 KiB), and the
 * 50 000th response of `GET /users/{id}` says nothing the first hundred did not. So each endpoint shape
 * (host, method, path with ids collapsed) gets its first FULL bodies scanned, then a thinning share: one
 * in 16 up to the 1 024th, one in 128 up to the 16 384th, then one in 1 024 (a shape called a million times
 * is scanned ~1 200 times; a steady one in 16 made scanning a fifth of the collector's CPU on busy mirrors).
 * An unscanned exchange has no `sensitive` field: absence means "not looked at or nothing found".
 *
 * A capture split between worker threads gives each thread its own budget over its share of the flows: the
 * thresholds are divided by the number of shares (the rate stays), so the threads together scan about what
 * one thread would. Each counting the whole allowance scanned twice the bodies with two threads, and scanning
 * was the largest part of what the second thread added (sharded-extract.ts).
 */
import { BufferBudget } from './buffer-budget';

const FULL = 64;
/** [calls up to, then one in `every`], the last step open-ended. */
const THINNING: readonly (readonly [upTo: number, every: number])[] = [
  [1_024, 16],
  [16_384, 128],
  [Number.POSITIVE_INFINITY, 1_024],
];
const MAX_SHAPES = 50_000;
export const ID_SEGMENT = /\/(?:\d+|[0-9a-fA-F-]{8,}|[A-Za-z0-9_-]{20,})(?=\/|$)/g;

/**
 * Whether ID_SEGMENT can match: a segment of digits, or one of 8+ characters. Most paths have neither
 * (`/api/v2/users`), and this check is several times cheaper than a global replace that finds nothing.
 */
export function hasIdSegment(path: string): boolean {
  let start = 0;
  for (let i = 1; i <= path.length; i++) {
    if (i < path.length && path.charCodeAt(i) !== 47) continue;
    const len = i - start - 1;
    if (path.charCodeAt(start) === 47 && (len >= 8 || (len > 0 && allDigits(path, start + 1, i)))) return true;
    start = i;
  }
  return false;
}

function allDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export type BodyAnalysis = 'all' | 'sampled' | 'none';

/** Body samples in flight over all connections; beyond it messages are simply not analysed. */
export const SAMPLE_MEMORY = 32 << 20;

export class BodyBudget {
  /** Count per shape in a mutable box: one hash lookup per request instead of a get and a set. */
  private readonly seen = new Map<string, { n: number }>();
  private readonly full: number;
  private readonly thinning: readonly (readonly [upTo: number, every: number])[];

  constructor(
    readonly mode: BodyAnalysis = 'sampled',
    /** Where the samples of analysed bodies are held (BodySample). */
    readonly samples = new BufferBudget(SAMPLE_MEMORY),
    /** Into how many shares of the flows the traffic is split, this budget seeing one (see above). */
    shares = 1,
  ) {
    this.full = Math.ceil(FULL / shares);
    this.thinning = THINNING.map(([upTo, every]) => [Math.ceil(upTo / shares), every] as const);
  }

  /** take(), answered as the budget an analysed exchange's samples come from (undefined: not analysed). */
  samplesFor(host: string | undefined, method: string, target: string): BufferBudget | undefined {
    return this.take(host, method, target) ? this.samples : undefined;
  }

  /** Whether this exchange's bodies are analysed; called once per request. */
  take(host: string | undefined, method: string, target: string): boolean {
    if (this.mode !== 'sampled') return this.mode === 'all';
    const q = target.indexOf('?');
    const path = q === -1 ? target : target.slice(0, q);
    const shape = `${host ?? ''} ${method} ${hasIdSegment(path) ? path.replace(ID_SEGMENT, '/{}') : path}`;
    let count = this.seen.get(shape);
    if (count === undefined) {
      if (this.seen.size >= MAX_SHAPES) this.seen.clear();
      this.seen.set(shape, (count = { n: 0 }));
    }
    const n = ++count.n;
    if (n <= this.full) return true;
    for (const [upTo, every] of this.thinning) if (n <= upTo) return n % every === 0;
    return false;
  }
}
