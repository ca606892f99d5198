/**
 * Decides which bodies are decoded and scanned for sensitive data. Scanning every body of a busy mirror
 * costs more than everything else the collector does together (zlib + regexes over 64 KiB), and the
 * 50 000th response of `GET /users/{id}` says nothing the first hundred did not. So each endpoint shape
 * (host, method, path with ids collapsed) gets its first FULL bodies scanned, then one in EVERY.
 * An unscanned exchange has no `sensitive` field: absence means "not looked at or nothing found".
 */
const FULL = 64;
const EVERY = 16;
const MAX_SHAPES = 50_000;
const ID_SEGMENT = /\/(?:\d+|[0-9a-fA-F-]{8,}|[A-Za-z0-9_-]{20,})(?=\/|$)/g;

export type BodyAnalysis = 'all' | 'sampled' | 'none';

export class BodyBudget {
  private readonly seen = new Map<string, number>();

  constructor(readonly mode: BodyAnalysis = 'sampled') {}

  /** Whether this exchange's bodies are analysed; called once per request. */
  take(host: string | undefined, method: string, target: string): boolean {
    if (this.mode !== 'sampled') return this.mode === 'all';
    const q = target.indexOf('?');
    const path = q === -1 ? target : target.slice(0, q);
    const shape = `${host ?? ''} ${method} ${path.replace(ID_SEGMENT, '/{}')}`;
    const n = (this.seen.get(shape) ?? 0) + 1;
    if (this.seen.size >= MAX_SHAPES && n === 1) this.seen.clear();
    this.seen.set(shape, n);
    return n <= FULL || n % EVERY === 0;
  }
}
