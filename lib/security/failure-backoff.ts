/**
 * Exponential backoff on repeated failures (sign-in): the `failuresBeforeLock`-th consecutive wrong password
 * locks the key for `baseMs`, each further one for twice as long (capped), and a success forgets the key. Only failures count, so a busy
 * office behind one NAT address is never throttled for signing in correctly. State is per process, bounded to
 * `maxKeys` (oldest forgotten first) so a spray of random e-mail addresses cannot grow memory without limit.
 */
export interface FailureBackoffOptions {
  failuresBeforeLock: number;
  baseMs: number;
  maxMs: number;
  /** A key with no failure for this long starts again from zero. */
  forgetAfterMs: number;
  maxKeys: number;
}

export type BackoffVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

interface Entry {
  failures: number;
  lastFailure: number;
  lockedUntil: number;
}

export function createFailureBackoff(opts: FailureBackoffOptions, now: () => number = Date.now) {
  const entries = new Map<string, Entry>();

  function current(key: string): Entry | undefined {
    const e = entries.get(key);
    if (e && now() - e.lastFailure > opts.forgetAfterMs) {
      entries.delete(key);
      return undefined;
    }
    return e;
  }

  return {
    check(key: string): BackoffVerdict {
      const e = current(key);
      if (!e || e.lockedUntil <= now()) return { allowed: true };
      return { allowed: false, retryAfterMs: e.lockedUntil - now() };
    },
    recordFailure(key: string): void {
      const e = current(key) ?? { failures: 0, lastFailure: 0, lockedUntil: 0 };
      e.failures++;
      e.lastFailure = now();
      const over = e.failures - opts.failuresBeforeLock;
      if (over >= 0) e.lockedUntil = now() + Math.min(opts.maxMs, opts.baseMs * 2 ** Math.min(over, 30));
      entries.delete(key); // re-insert: Map order is our LRU order
      entries.set(key, e);
      if (entries.size > opts.maxKeys) entries.delete(entries.keys().next().value!);
    },
    recordSuccess(key: string): void {
      entries.delete(key);
    },
    size: () => entries.size,
  };
}
