import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import type { NormalisedSpec } from '../openapi/spec-model';
import { readCachedSpec, specCacheDirFor, useSpecDiskCache, writeCachedSpec } from './spec-disk-cache';

const spec = { id: 'cli-1', operations: [] } as unknown as NormalisedSpec;

afterEach(() => useSpecDiskCache(undefined));

test('a spec is read back under the id asked for, by the code that wrote it only', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spec-cache-'));
  useSpecDiskCache(dir, 'build-1');
  writeCachedSpec('hash-a', spec);
  expect(readCachedSpec('hash-a', 'row-9')).toEqual({ id: 'row-9', operations: [] });
  expect(readCachedSpec('hash-b', 'row-9')).toBeUndefined();
  // Another build of the code (a loader change) reads nothing an older one wrote.
  useSpecDiskCache(dir, 'build-2');
  expect(readCachedSpec('hash-a', 'row-9')).toBeUndefined();
  // Run from source, no build names the code: nothing read or written.
  useSpecDiskCache(dir, undefined);
  writeCachedSpec('hash-c', spec);
  expect(readdirSync(dir)).toHaveLength(1);
});

test('the oldest files beyond 32 are removed as one is written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spec-cache-'));
  useSpecDiskCache(dir, 'build-1');
  for (let i = 0; i < 40; i++) writeCachedSpec(`hash-${i}`, spec);
  expect(readdirSync(dir)).toHaveLength(32);
});

test('beside a SQLite database only', () => {
  expect([specCacheDirFor('file:./data/lantern.db'), specCacheDirFor('postgres://db/lantern')]).toEqual(['./data/lantern.db.spec-cache', undefined]);
});
