/**
 * Per-key request rate limit (ingest, per API token): a token bucket of `burst` requests refilled at `perSecond`.
 * A refused request gets a Retry-After of when the next token will be there; a client that keeps knocking while
 * refused (ignoring Retry-After) is pushed back exponentially further, so a retry storm cannot hold the bucket
 * empty. Lantern's own pusher honours Retry-After and adds its own exponential backoff (bin/push/drain-spool.ts).
 */
export interface TokenBucketOptions {
  perSecond: number;
  burst: number;
  maxPenaltyMs: number;
  maxKeys: number;
}

export type TakeVerdict = { ok: true } | { ok: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  at: number;
  strikes: number;
}

export function createTokenBucket(opts: TokenBucketOptions, now: () => number = Date.now) {
  const buckets = new Map<string, Bucket>();
  return {
    take(key: string): TakeVerdict {
      const t = now();
      const b = buckets.get(key) ?? { tokens: opts.burst, at: t, strikes: 0 };
      b.tokens = Math.min(opts.burst, b.tokens + ((t - b.at) / 1000) * opts.perSecond);
      b.at = t;
      buckets.delete(key);
      buckets.set(key, b);
      if (buckets.size > opts.maxKeys) buckets.delete(buckets.keys().next().value!);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        b.strikes = 0;
        return { ok: true };
      }
      const untilNext = Math.ceil(((1 - b.tokens) / opts.perSecond) * 1000);
      const retryAfterMs = Math.min(opts.maxPenaltyMs, untilNext * 2 ** Math.min(b.strikes, 20));
      b.strikes++;
      return { ok: false, retryAfterMs: Math.max(untilNext, retryAfterMs) };
    },
  };
}
