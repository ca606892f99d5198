import { describe, expect, test } from 'vitest';
import { createFailureBackoff, lockDurationMs, type BackoffStore } from './failure-backoff';

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

/** The store contract in memory (the database store is exercised by test/security/web-hardening.test.ts). */
function memoryStore(): BackoffStore {
  const rows = new Map<string, { failures: number; last: number; lockedUntil: number }>();
  return {
    async addFailure(key, now, forgetBefore) {
      const row = rows.get(key);
      const next = row && row.last >= forgetBefore ? { ...row, failures: row.failures + 1, last: now } : { failures: 1, last: now, lockedUntil: 0 };
      rows.set(key, next);
      return next.failures;
    },
    async extendLock(key, until) {
      const row = rows.get(key);
      if (row && row.lockedUntil < until) row.lockedUntil = until;
    },
    async lockedUntil(key) {
      return rows.get(key)?.lockedUntil ?? 0;
    },
    async forget(key) {
      rows.delete(key);
    },
  };
}

const OPTS = { failuresBeforeLock: 3, baseMs: 1000, maxMs: 8000, forgetAfterMs: 60_000 };

describe('createFailureBackoff', () => {
  test('two free failures, the third locks, then doubling lockouts up to the cap', async () => {
    const c = clock();
    const b = createFailureBackoff(OPTS, memoryStore(), c.now);
    const lockouts: number[] = [];
    for (let i = 0; i < 8; i++) {
      await b.recordFailure('alice');
      const v = await b.check('alice');
      lockouts.push(v.allowed ? 0 : v.retryAfterMs);
      if (!v.allowed) c.advance(v.retryAfterMs);
    }
    expect(lockouts).toEqual([0, 0, 1000, 2000, 4000, 8000, 8000, 8000]);
    expect([1, 2, 3, 4, 40].map((n) => lockDurationMs(n, OPTS))).toEqual([0, 0, 1000, 2000, 8000]);
  });

  test('the lock lifts when its time is up, and other keys are unaffected', async () => {
    const c = clock();
    const b = createFailureBackoff(OPTS, memoryStore(), c.now);
    for (let i = 0; i < 3; i++) await b.recordFailure('alice');
    expect(await b.check('alice')).toEqual({ allowed: false, retryAfterMs: 1000 });
    expect(await b.check('bob')).toEqual({ allowed: true });
    c.advance(400);
    expect(await b.check('alice')).toEqual({ allowed: false, retryAfterMs: 600 });
    c.advance(600);
    expect(await b.check('alice')).toEqual({ allowed: true });
  });

  test('success forgets the key; so does a long quiet spell', async () => {
    const c = clock();
    const b = createFailureBackoff(OPTS, memoryStore(), c.now);
    for (let i = 0; i < 2; i++) await b.recordFailure('alice');
    await b.recordSuccess('alice');
    await b.recordFailure('alice');
    expect(await b.check('alice')).toEqual({ allowed: true });
    for (let i = 0; i < 2; i++) await b.recordFailure('bob');
    c.advance(60_001);
    await b.recordFailure('bob');
    expect(await b.check('bob')).toEqual({ allowed: true });
  });

  test('a shorter lock never shortens a longer one already set (two replicas failing at once)', async () => {
    const c = clock();
    const store = memoryStore();
    const b = createFailureBackoff(OPTS, store, c.now);
    for (let i = 0; i < 5; i++) await b.recordFailure('alice'); // locked 4 s
    await store.extendLock('alice', c.now() + 1000);
    expect(await b.check('alice')).toEqual({ allowed: false, retryAfterMs: 4000 });
  });
});
