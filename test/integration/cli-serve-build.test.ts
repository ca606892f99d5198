import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { freePort } from '../free-port';

const run = promisify(execFile);
const LANTERN = join(import.meta.dirname, '../../bin/lantern');

/**
 * `lantern serve` after a `git pull` served the dashboard built before it, since it only checked that a build
 * existed. A fake build recorded from other sources stands in for that one; --no-build keeps serve from rebuilding
 * (a minute), and a database that cannot be opened stops it right after the check, before Next starts.
 */
test('serve --no-build says a build recorded from other sources is older than them, and does not rebuild', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-serve-build-'));
  const nextDir = join(dir, '.next');
  // A free PORT: serve says a port in use before anything else (another serve on 3000 would end this test there).
  const env = { ...process.env, PORT: String(await freePort()), LANTERN_TEST_NEXT_DIR: nextDir, LANTERN_DATA_DIR: dir, DATABASE_URL: 'file:/dev/null/lantern.db' };
  mkdirSync(nextDir);
  writeFileSync(join(nextDir, 'BUILD_ID'), 'fake');
  writeFileSync(join(nextDir, 'lantern-sources.json'), '{"fingerprint":"built-before-the-pull"}\n');
  const r = await run(LANTERN, ['serve', '--no-build'], { env }).then(
    () => ({ code: 0, stdout: '', stderr: '' }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
  expect(r.code).toBe(1);
  expect(r.stdout).toBe(`lantern: warning: the dashboard build in ${nextDir} is older than the sources; serving it anyway (--no-build; run npm run build)\n`);
  // Until 6 Dec Node's own words: "EEXIST: file already exists, mkdir '/dev/null'".
  expect(r.stderr).toBe('lantern serve: database: cannot create the directory /dev/null (DATABASE_URL): /dev/null is not a directory\n');
}, 60_000);

test('serve --no-build with no dashboard build at all stops at once, exit 1, saying so, before the database is touched', async () => {
  // Until 7 Dec it migrated, printed the admin's one-time password and 'serving on …', then met Next's "Could not find
  // a production build". PORT 1 (reserved: Next refuses it) ends such a run at `next start` instead of serving.
  const dir = mkdtempSync(join(tmpdir(), 'lantern-serve-nobuild-'));
  const nextDir = join(dir, '.next');
  const database = join(dir, 'lantern.db');
  const env = { ...process.env, PORT: '1', LANTERN_TEST_NEXT_DIR: nextDir, LANTERN_DATA_DIR: dir, DATABASE_URL: `file:${database}` };
  const r = await run(LANTERN, ['serve', '--no-build'], { env, timeout: 50_000, killSignal: 'SIGKILL' }).then(
    (ok) => ({ code: 0, ...ok }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
  expect([r.code, r.stdout, r.stderr]).toEqual([1, '', `lantern serve: there is no dashboard build in ${nextDir}, and --no-build builds none: run 'npm run build' first, or serve without --no-build\n`]);
  expect(existsSync(database)).toBe(false);
}, 60_000);
