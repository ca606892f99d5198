import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runLantern } from '../run-lantern';

const spec = (version: string, operationId: string) => `openapi: 3.0.3
info: { title: Ledger, version: '${version}' }
servers: [{ url: 'https://ledger.test/v1' }]
paths:
  /entries:
    get: { operationId: ${operationId}, responses: { '200': { description: ok } } }
`;

test('local inventory reads a spec normalised by an earlier run from beside the database, and normalises it again once it changed', async () => {
  // Before: every run parsed every current spec again (Stripe's: about 0.7 CPU-s of a 1.3 s run), and nothing was kept.
  const dir = mkdtempSync(join(tmpdir(), 'lantern-spec-cache-'));
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...inherited } = process.env;
  const env = { ...inherited, LANTERN_DATA_DIR: join(dir, 'data'), DATABASE_URL: `file:${join(dir, 'data/l.db')}` };
  const cacheDir = join(dir, 'data/l.db.spec-cache');
  const lantern = async (...args: string[]) => {
    const r = await runLantern(args, env);
    expect([r.code, r.stderr]).toEqual([0, '']);
    return r.stdout;
  };
  const unused = async () => (JSON.parse(await lantern('inventory', '--json')) as { unused: Array<{ path: string; operationId: string }> }).unused.map((u) => `${u.path} ${u.operationId}`);
  await lantern('migrate');
  writeFileSync(join(dir, 'v1.yaml'), spec('1', 'listEntries'));
  await lantern('spec', 'push', join(dir, 'v1.yaml'), '--api', 'ledger');

  expect(await unused()).toEqual(['/v1/entries listEntries']);
  const [file] = readdirSync(cacheDir);
  expect(readdirSync(cacheDir)).toEqual([file]);
  // Used: the base path the file says is the one the next run lists (a cache nobody reads would still say /v1).
  const cached = readFileSync(join(cacheDir, file), 'utf8');
  expect(cached).toContain('"basePath":"/v1"');
  writeFileSync(join(cacheDir, file), cached.replaceAll('"basePath":"/v1"', '"basePath":"/cached"'));
  expect(await unused()).toEqual(['/cached/entries listEntries']);

  // Invalidated: a new text is another content hash, normalised and kept under its own name.
  writeFileSync(join(dir, 'v2.yaml'), spec('2', 'listLedgerEntries'));
  await lantern('spec', 'push', join(dir, 'v2.yaml'), '--api', 'ledger');
  expect(await unused()).toEqual(['/v1/entries listLedgerEntries']);
  expect(readdirSync(cacheDir)).toHaveLength(2);
}, 120_000);
