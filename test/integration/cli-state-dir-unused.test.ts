import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runLantern } from '../run-lantern';

const WARNING = 'warning: --state-dir keeps the checkpoints of --follow, and this run does not follow: it is not used';

test('--state-dir without --follow is said to be unused, by extract and ingest; the run goes on', async () => {
  // Until 7 Dec it was taken and ignored without a word, as if the run could be resumed from it.
  const dir = mkdtempSync(join(tmpdir(), 'lantern-state-unused-'));
  const log = join(dir, 'access.log');
  writeFileSync(log, '10.0.0.1 - - [04/Dec/2026:10:01:00 +0000] "GET /v1/items HTTP/1.1" 200 12 "-" "curl/8"\n');
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...rest } = process.env;
  const env = { ...rest, DATABASE_URL: `file:${join(dir, 'lantern.db')}`, LANTERN_DATA_DIR: dir };
  const extract = await runLantern(['extract', log, '--state-dir', join(dir, 'state')], env);
  expect([extract.code, extract.stdout.split('\n').filter(Boolean).length, extract.stderr.split('\n')]).toEqual([0, 1, expect.arrayContaining([WARNING])]);
  expect((await runLantern(['migrate'], env)).code).toBe(0);
  const ingest = await runLantern(['ingest', log, '--host', 'shop.test', '--state-dir', join(dir, 'state')], env);
  expect([ingest.code, ingest.stderr.split('\n')]).toEqual([0, expect.arrayContaining([WARNING])]);
  // Near miss: without --state-dir nothing is said.
  expect((await runLantern(['extract', log], env)).stderr).not.toContain('--state-dir');
});
