import { gzipSync, brotliCompressSync, deflateRawSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { BodyBudget } from './body-budget';
import { decodeBody } from './body-sample';

test('each endpoint shape gets its first 64 bodies analysed, then one in 16, 128, 1024 as calls grow', () => {
  const budget = new BodyBudget('sampled');
  const taken = Array.from({ length: 96 }, (_, i) => budget.take('api.x', 'GET', `/users/${1000 + i}?page=${i}`)).filter(Boolean).length;
  expect(taken).toBe(64 + 2);
  // A different shape (another method, or a path that is not an id) has its own allowance.
  expect(budget.take('api.x', 'POST', '/users/1')).toBe(true);
  expect(budget.take('api.x', 'GET', '/users/me')).toBe(true);
  const thinning = new BodyBudget('sampled');
  const takenAt: number[] = [];
  for (let n = 1; n <= 40_000; n++) if (thinning.take('api.x', 'GET', `/orders/${n}`)) takenAt.push(n);
  expect(takenAt.filter((n) => n > 64 && n <= 1024)).toEqual(Array.from({ length: 60 }, (_, i) => 80 + 16 * i));
  expect(takenAt.filter((n) => n > 1024 && n <= 16_384)).toEqual(Array.from({ length: 120 }, (_, i) => 1152 + 128 * i));
  expect(takenAt.filter((n) => n > 16_384)).toEqual([17_408, 18_432, 19_456, 20_480, 21_504, 22_528, 23_552, 24_576, 25_600, 26_624, 27_648, 28_672, 29_696, 30_720, 31_744, 32_768, 33_792, 34_816, 35_840, 36_864, 37_888, 38_912, 39_936]);
  expect(new BodyBudget('none').take('a', 'GET', '/')).toBe(false);
  expect(new BodyBudget('all').take('a', 'GET', '/')).toBe(true);
});

test('budgets over shares of the flows scan together about what one budget over all of them does', () => {
  const whole = new BodyBudget('sampled');
  const shares = [new BodyBudget('sampled', undefined, 2), new BodyBudget('sampled', undefined, 2)];
  const takenBy = [0, 0];
  let takenWhole = 0;
  for (let n = 1; n <= 40_000; n++) {
    if (whole.take('api.x', 'GET', `/orders/${n}`)) takenWhole++;
    if (shares[n % 2].take('api.x', 'GET', `/orders/${n}`)) takenBy[n % 2]++;
  }
  expect(takenWhole).toBe(64 + 60 + 120 + 23);
  // Each share: its first 32, then one in 16 up to its 512th, one in 128 up to its 8 192nd, then one in 1 024.
  expect(takenBy).toEqual([32 + 30 + 60 + 11, 32 + 30 + 60 + 11]);
  const first = new BodyBudget('sampled', undefined, 2);
  expect(Array.from({ length: 40 }, (_, i) => first.take('api.x', 'GET', `/users/${i}`)).filter(Boolean)).toHaveLength(32);
});

test('gzip, raw deflate and brotli decode; a truncated gzip still yields its prefix; unknown codings yield nothing', () => {
  const text = Buffer.from(JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ i, email: `u${i}@example.com` })) }));
  expect(decodeBody(gzipSync(text), 'gzip')).toEqual(text);
  expect(decodeBody(deflateRawSync(text), 'deflate')).toEqual(text);
  expect(decodeBody(brotliCompressSync(text), 'br')).toEqual(text);
  const cut = decodeBody(gzipSync(text).subarray(0, 200), 'gzip')!;
  expect(cut.length).toBeGreaterThan(100);
  expect(text.subarray(0, cut.length)).toEqual(cut);
  expect(decodeBody(text, 'zstd')).toBeUndefined();
  expect(decodeBody(text, undefined)).toBe(text);
});
