/**
 * Exponential backoff on repeated failures (sign-in): the `failuresBeforeLock`-th consecutive failure locks the key
 * for `baseMs`, each further one for twice as long (capped), and a success forgets the key. Only failures count, so a
 * busy office behind one NAT address is never throttled for signing in correctly. The counts live in a store
 * (lib/db/sign-in-throttle-store.ts: the database, shared by every app replica), so the policy here is the only logic.
 */
export interface FailureBackoffOptions {
  failuresBeforeLock: number;
  baseMs: number;
  maxMs: number;
  /** A key with no failure for this long starts again from zero. */
  forgetAfterMs: number;
}

export type BackoffVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface BackoffStore {
  /** Counts one more failure (from zero again when the last one is older than `forgetBefore`); returns the count. */
  addFailure(key: string, now: number, forgetBefore: number): Promise<number>;
  /** Locks the key until `until`, unless it is already locked longer. */
  extendLock(key: string, until: number): Promise<void>;
  /** When the key's lock ends (0 or the past: not locked). */
  lockedUntil(key: string): Promise<number>;
  forget(key: string): Promise<void>;
}

/** How long the `failures`-th consecutive failure locks the key (0: not yet). */
export function lockDurationMs(failures: number, opts: FailureBackoffOptions): number {
  const over = failures - opts.failuresBeforeLock;
  return over < 0 ? 0 : Math.min(opts.maxMs, opts.baseMs * 2 ** Math.min(over, 30));
}

export function createFailureBackoff(opts: FailureBackoffOptions, store: BackoffStore, now: () => number = Date.now) {
  return {
    async check(key: string): Promise<BackoffVerdict> {
      const until = await store.lockedUntil(key);
      const t = now();
      return until > t ? { allowed: false, retryAfterMs: until - t } : { allowed: true };
    },
    async recordFailure(key: string): Promise<void> {
      const t = now();
      const failures = await store.addFailure(key, t, t - opts.forgetAfterMs);
      const lock = lockDurationMs(failures, opts);
      if (lock > 0) await store.extendLock(key, t + lock);
    },
    async recordSuccess(key: string): Promise<void> {
      await store.forget(key);
    },
  };
}
