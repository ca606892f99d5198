import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { decideBuild, readBuildState, readSourceState, recordBuildSources } from './build-freshness';

const SOURCES = { fingerprint: 'abc', newestMtimeMs: 2_000 };

test('no BUILD_ID is a missing build; a recorded fingerprint decides by equality; an unrecorded build by mtime', () => {
  expect(decideBuild({ kind: 'none' }, SOURCES)).toBe('missing');
  expect(decideBuild({ kind: 'recorded', fingerprint: 'abc' }, SOURCES)).toBe('current');
  expect(decideBuild({ kind: 'recorded', fingerprint: 'old' }, SOURCES)).toBe('stale');
  expect(decideBuild({ kind: 'unrecorded', builtAtMs: 2_000 }, SOURCES)).toBe('current');
  expect(decideBuild({ kind: 'unrecorded', builtAtMs: 1_999 }, SOURCES)).toBe('stale');
});

test('the fingerprint changes with an edit, a deleted file and a file restored with an older mtime, not with a unit test', () => {
  const root = mkdtempSync(join(tmpdir(), 'lantern-freshness-'));
  mkdirSync(join(root, 'app'));
  writeFileSync(join(root, 'app/page.tsx'), 'a');
  writeFileSync(join(root, 'app/extra.ts'), 'x');
  writeFileSync(join(root, 'next.config.js'), 'c');
  const first = readSourceState(root);
  writeFileSync(join(root, 'app/page.test.ts'), 't');
  expect(readSourceState(root).fingerprint).toBe(first.fingerprint);
  utimesSync(join(root, 'app/page.tsx'), 1, 1);
  const restored = readSourceState(root);
  expect(restored.fingerprint).not.toBe(first.fingerprint);
  writeFileSync(join(root, 'app/page.tsx'), 'ab');
  expect(readSourceState(root).fingerprint).not.toBe(restored.fingerprint);
});

test('a build serve recorded reads back as recorded; one without a record as unrecorded, dated by its BUILD_ID', () => {
  const nextDir = mkdtempSync(join(tmpdir(), 'lantern-next-'));
  expect(readBuildState(nextDir)).toEqual({ kind: 'none' });
  writeFileSync(join(nextDir, 'BUILD_ID'), 'x');
  utimesSync(join(nextDir, 'BUILD_ID'), 1_000, 1_000);
  expect(readBuildState(nextDir)).toEqual({ kind: 'unrecorded', builtAtMs: 1_000_000 });
  recordBuildSources(nextDir, SOURCES);
  expect(readBuildState(nextDir)).toEqual({ kind: 'recorded', fingerprint: 'abc' });
});
