import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourcesUnder(path);
    return /\.(ts|tsx|mjs|js)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/**
 * The README says every variable is parsed in lib/env.ts and names the few places that read the environment
 * themselves, and why. A new `process.env.X` anywhere else makes that false: it fails here instead.
 * Handing the environment on to a child (`{ ...process.env }`) reads nothing.
 */
test('only lib/env.ts and the exceptions the README names read process.env', () => {
  const files = ['app', 'components', 'lib', 'collectors', 'bin', 'prisma'].flatMap((d) => sourcesUnder(join(ROOT, d)));
  files.push(join(ROOT, 'proxy.ts'), join(ROOT, 'next.config.js'));
  const readers = files.filter((f) => /(?<!\.\.\.)process\.env\b/.test(readFileSync(f, 'utf8'))).map((f) => relative(ROOT, f));
  expect(readers.sort()).toEqual([
    'bin/cli-bundle.mjs', // LANTERN_DEBUG, before any TypeScript is loaded
    'lib/collector-env.ts', // the zod-free reads: a collector's key and data dir, LANTERN_SHARD_MIN_BYTES, LANTERN_DEBUG
    'lib/env.ts',
    'prisma/new-migration.mjs', // a developer's script: LANTERN_TEST_PG_URL / DATABASE_URL for `prisma migrate diff`
    'prisma/postgres.config.ts', // the Prisma CLI's own config: DATABASE_URL
    'prisma/sqlite.config.ts',
    'proxy.ts', // NODE_ENV, which Next sets and inlines
  ]);
});
