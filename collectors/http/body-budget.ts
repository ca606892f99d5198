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
/** The id segments of an endpoint shape; shapeKey reads them without it (the regex is the reference in tests). */
export const ID_SEGMENT = /\/(?:\d+|[0-9a-fA-F-]{8,}|[A-Za-z0-9_-]{20,})(?=\/|$)/g;

/**
 * A request's endpoint shape as a number: host, method and path (before any `?`) with every id segment (what
 * ID_SEGMENT matches: digits, 8+ hex digits and dashes, or 20+ of `[A-Za-z0-9_-]`) read as `{}`. Making the
 * shape's string instead (a slice, the regex replace, a concatenation, then hashing it for the Map) was ~4 % of
 * a capture run in `perf`; this reads each character once and allocates nothing. Two shapes can get the same
 * number (30 bits: about one pair among 50 000 shapes); they then share a sampling count, which only thins their
 * scanning somewhat.
 */
export function shapeKey(host: string | undefined, method: string, target: string): number {
  let h = mixString(FNV_OFFSET, host ?? '');
  h = mixString(mix(h, 32), method);
  h = mix(h, 32);
  let end = target.indexOf('?');
  if (end === -1) end = target.length;
  let start = 0;
  while (start < end) {
    let next = target.indexOf('/', start + 1);
    if (next === -1 || next > end) next = end;
    if (target.charCodeAt(start) === 47 && isIdSegment(target, start + 1, next)) h = mix(mix(mix(h, 47), 123), 125);
    else for (let i = start; i < next; i++) h = mix(h, target.charCodeAt(i));
    start = next;
  }
  // Small enough for a V8 small integer: the Map hashes it without allocating.
  return h & 0x3fffffff;
}

const FNV_OFFSET = 0x811c9dc5 | 0;

function mix(h: number, c: number): number {
  return Math.imul(h ^ c, 16777619);
}

function mixString(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = mix(h, s.charCodeAt(i));
  return h;
}

/** Whether s[from, to) is a whole segment ID_SEGMENT matches. */
function isIdSegment(s: string, from: number, to: number): boolean {
  const len = to - from;
  if (len === 0) return false;
  let digits = true;
  let hex = len >= 8;
  let word = len >= 20;
  for (let i = from; i < to && (digits || hex || word); i++) {
    const c = s.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    if (!digit) digits = false;
    if (hex && !(digit || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) || c === 45)) hex = false;
    if (word && !(digit || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 45 || c === 95)) word = false;
  }
  return digits || hex || word;
}

export type BodyAnalysis = 'all' | 'sampled' | 'none';

/** Body samples in flight over all connections; beyond it messages are simply not analysed. */
export const SAMPLE_MEMORY = 32 << 20;

export class BodyBudget {
  /** Count per shape (shapeKey) in a mutable box: one hash lookup per request instead of a get and a set. */
  private readonly seen = new Map<number, { n: number }>();
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
    const shape = shapeKey(host, method, target);
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
