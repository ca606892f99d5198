import { describe, expect, test } from 'vitest';
import { createFailureBackoff } from './failure-backoff';

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const OPTS = { failuresBeforeLock: 3, baseMs: 1000, maxMs: 8000, forgetAfterMs: 60_000, maxKeys: 100 };

describe('createFailureBackoff', () => {
  test('two free failures, the third locks, then doubling lockouts up to the cap', () => {
    const c = clock();
    const b = createFailureBackoff(OPTS, c.now);
    const lockouts: number[] = [];
    for (let i = 0; i < 8; i++) {
      b.recordFailure('alice');
      const v = b.check('alice');
      lockouts.push(v.allowed ? 0 : v.retryAfterMs);
      if (!v.allowed) c.advance(v.retryAfterMs);
    }
    expect(lockouts).toEqual([0, 0, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  test('the lock lifts when its time is up, and other keys are unaffected', () => {
    const c = clock();
    const b = createFailureBackoff(OPTS, c.now);
    for (let i = 0; i < 3; i++) b.recordFailure('alice');
    expect(b.check('alice')).toEqual({ allowed: false, retryAfterMs: 1000 });
    expect(b.check('bob')).toEqual({ allowed: true });
    c.advance(400);
    expect(b.check('alice')).toEqual({ allowed: false, retryAfterMs: 600 });
    c.advance(600);
    expect(b.check('alice')).toEqual({ allowed: true });
  });

  test('success forgets the key; so does a long quiet spell', () => {
    const c = clock();
    const b = createFailureBackoff(OPTS, c.now);
    for (let i = 0; i < 2; i++) b.recordFailure('alice');
    b.recordSuccess('alice');
    b.recordFailure('alice');
    expect(b.check('alice')).toEqual({ allowed: true });
    for (let i = 0; i < 2; i++) b.recordFailure('bob');
    c.advance(60_001);
    b.recordFailure('bob');
    expect(b.check('bob')).toEqual({ allowed: true });
  });

  test('memory stays bounded under a spray of distinct keys', () => {
    const b = createFailureBackoff(OPTS, clock().now);
    for (let i = 0; i < 1000; i++) b.recordFailure(`user${i}@x`);
    expect(b.size()).toBe(100);
  });
});
