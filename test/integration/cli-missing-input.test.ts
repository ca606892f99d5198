import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const run = promisify(execFile);
const LANTERN = join(import.meta.dirname, '../../bin/lantern');

test('an input that does not exist is said in words, by extract, discover and ingest alike (exit 2)', async () => {
  // Before: "error: /…/access.log: ENOENT", Node's error code alone.
  const dir = mkdtempSync(join(tmpdir(), 'lantern-missing-input-'));
  const missing = join(dir, 'access.log');
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...rest } = process.env;
  const env = { ...rest, LANTERN_DATA_DIR: join(dir, 'data'), DATABASE_URL: `file:${join(dir, 'data/lantern.db')}` };
  await run(LANTERN, ['migrate'], { env });
  for (const command of ['extract', 'discover', 'ingest']) {
    const r = await run(LANTERN, [command, missing], { env }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect([r.code, r.stderr.split('\n').filter((line) => line.startsWith('error: '))], command).toEqual([2, [`error: ${missing}: no such file or directory`]]);
  }
});
