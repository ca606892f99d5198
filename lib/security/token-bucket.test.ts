import { describe, expect, test } from 'vitest';
import { createTokenBucket } from './token-bucket';

function clock() {
  let t = 5_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('createTokenBucket', () => {
  test('a burst is served, then the rate applies with Retry-After until the next token', () => {
    const c = clock();
    const b = createTokenBucket({ perSecond: 2, burst: 3, maxPenaltyMs: 60_000, maxKeys: 10 }, c.now);
    expect([b.take('t'), b.take('t'), b.take('t')]).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(b.take('t')).toEqual({ ok: false, retryAfterMs: 500 });
    c.advance(500);
    expect(b.take('t')).toEqual({ ok: true });
    expect(b.take('other')).toEqual({ ok: true });
  });

  test('knocking while refused doubles the wait; honouring Retry-After resets it', () => {
    const c = clock();
    const b = createTokenBucket({ perSecond: 1, burst: 1, maxPenaltyMs: 8000, maxKeys: 10 }, c.now);
    expect(b.take('t')).toEqual({ ok: true });
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const v = b.take('t');
      waits.push(v.ok ? 0 : v.retryAfterMs);
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    c.advance(1000);
    expect(b.take('t')).toEqual({ ok: true });
    c.advance(1000);
    expect(b.take('t')).toEqual({ ok: true });
    expect(b.take('t')).toEqual({ ok: false, retryAfterMs: 1000 });
  });
});
