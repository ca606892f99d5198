import { expect, test } from 'vitest';
import { staleWhileRevalidate } from './stale-while-revalidate';

test('fresh values are reused, stale ones answered at once while one refresh runs, too-old ones awaited', async () => {
  let clock = 0;
  let calls = 0;
  let release: (() => void) | undefined;
  const compute = () => {
    calls++;
    const n = calls;
    return new Promise<number>((resolve) => {
      release = () => resolve(n);
    });
  };
  const cache = staleWhileRevalidate(compute, { freshMs: 1000, maxStaleMs: 10_000, now: () => clock });

  // Concurrent misses share one computation.
  const a = cache.get();
  const b = cache.get();
  release!();
  expect([await a, await b, calls]).toEqual([1, 1, 1]);

  clock = 500;
  expect([await cache.get(), calls]).toEqual([1, 1]);

  // Stale: answered with the old value, one refresh started however many callers come.
  clock = 2000;
  expect(await cache.get()).toBe(1);
  expect(await cache.get()).toBe(1);
  expect(calls).toBe(2);
  release!();
  await new Promise((r) => setTimeout(r, 0));
  expect(await cache.get()).toBe(2);

  // Past maxStale the caller waits for the new value.
  clock = 20_000;
  const waited = cache.get();
  expect(calls).toBe(3);
  release!();
  expect(await waited).toBe(3);
});

test('a failed refresh keeps the old value and the next caller retries', async () => {
  let clock = 0;
  let fail = false;
  let n = 0;
  const cache = staleWhileRevalidate(async () => {
    n++;
    if (fail) throw new Error('db down');
    return n;
  }, { freshMs: 10, maxStaleMs: 1000, now: () => clock });
  expect(await cache.get()).toBe(1);
  fail = true;
  clock = 100;
  expect(await cache.get()).toBe(1);
  await new Promise((r) => setTimeout(r, 0));
  fail = false;
  expect(await cache.get()).toBe(1); // still stale: answered, refresh retried in the background
  await new Promise((r) => setTimeout(r, 0));
  expect(await cache.get()).toBe(3);
  fail = true;
  clock = 5000;
  await expect(cache.get()).rejects.toThrow('db down');
});

test('after invalidate, a computation started before it is neither shared nor kept: the data it read had changed', async () => {
  let calls = 0;
  const releases: ((n: number) => void)[] = [];
  const cache = staleWhileRevalidate(() => {
    calls++;
    return new Promise<number>((resolve) => releases.push(resolve));
  }, { freshMs: 1000, maxStaleMs: 10_000, now: () => 0 });
  const before = cache.get();
  cache.invalidate(); // a spec registered while the first computation runs
  const after = cache.get();
  expect(calls).toBe(2);
  releases[0](1);
  releases[1](2);
  expect([await before, await after]).toEqual([1, 2]);
  expect(await cache.get()).toBe(2);
  expect(calls).toBe(2);
});
