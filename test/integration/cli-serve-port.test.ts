import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const run = promisify(execFile);
const LANTERN = join(import.meta.dirname, '../../bin/lantern');

test('serve on a PORT another process listens on says so at once, before migrating or claiming to serve', async () => {
  // Before: "lantern: serving on http://localhost:PORT", then Next's "⨯ Failed to start server" and an
  // EADDRINUSE error object, after the database had been created, migrated and seeded.
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, resolve));
  const port = (taken.address() as { port: number }).port;
  try {
    const dir = mkdtempSync(join(tmpdir(), 'lantern-serve-port-'));
    const nextDir = join(dir, '.next');
    mkdirSync(nextDir);
    writeFileSync(join(nextDir, 'BUILD_ID'), 'fake');
    const database = join(dir, 'data/lantern.db');
    const env = { ...process.env, PORT: String(port), LANTERN_TEST_NEXT_DIR: nextDir, LANTERN_DATA_DIR: join(dir, 'data'), DATABASE_URL: `file:${database}` };
    const r = await run(LANTERN, ['serve', '--no-build'], { env }).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect([r.code, r.stdout.includes('serving on'), r.stderr, existsSync(database)]).toEqual([
      1,
      false,
      `lantern serve: port ${port} is in use by another process (another lantern serve?): stop it, or set PORT to a free port\n`,
      false,
    ]);
  } finally {
    taken.close();
  }
}, 60_000);
