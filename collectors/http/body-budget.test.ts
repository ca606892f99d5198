import { gzipSync, brotliCompressSync, deflateRawSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { BodyBudget } from './body-budget';
import { decodeBody } from './body-sample';

test('each endpoint shape gets its first 64 bodies analysed, then one in 16', () => {
  const budget = new BodyBudget('sampled');
  const taken = Array.from({ length: 96 }, (_, i) => budget.take('api.x', 'GET', `/users/${1000 + i}?page=${i}`)).filter(Boolean).length;
  expect(taken).toBe(64 + 2);
  // A different shape (another method, or a path that is not an id) has its own allowance.
  expect(budget.take('api.x', 'POST', '/users/1')).toBe(true);
  expect(budget.take('api.x', 'GET', '/users/me')).toBe(true);
  expect(new BodyBudget('none').take('a', 'GET', '/')).toBe(false);
  expect(new BodyBudget('all').take('a', 'GET', '/')).toBe(true);
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
