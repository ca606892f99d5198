import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as tokensRoute from '../../app/api/tokens/route';
import { db, disconnectDb } from '../../lib/db/client';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { runLantern } from '../run-lantern';
import { callRoute, sessionHeaders } from './spec-registry-helpers';

// Blank, longer than the token list shows, or holding a line break that writes a line of its own into `token list`.
const BAD_NAMES = ['   ', 'x'.repeat(81), 'ci\ncm0fake  lt_fake…  spoof  [read]  active'];

/** One rule for a token's name, whoever creates it: the CLI stored any text the API refuses. */
describe.each(DATABASE_KINDS)('%s', (kind) => {
  describe.skipIf(!databaseAvailable(kind))(`token names through the API on ${kind}`, () => {
    let admin: Record<string, string>;
    beforeAll(async () => {
      await useFreshDatabase(kind);
      admin = await sessionHeaders('admin@example.org', 'admin');
    });
    afterAll(() => disconnectDb());

    test('POST /api/tokens refuses each bad name at `name`, and keeps a good one trimmed', async () => {
      for (const name of BAD_NAMES) {
        const res = await callRoute(tokensRoute.POST as never, 'POST', '/api/tokens', { headers: admin, json: { name, scopes: ['read'] } });
        expect([res.status, res.body.error.details.map((d: { path: string }) => d.path)], JSON.stringify(name)).toEqual([400, ['name']]);
      }
      expect((await callRoute(tokensRoute.POST as never, 'POST', '/api/tokens', { headers: admin, json: { name: '  edge-1 ', scopes: ['read'] } })).body.name).toBe('edge-1');
      expect((await db().apiToken.findMany()).map((t) => t.name)).toEqual(['edge-1']);
    });
  });
});

test('lantern token create refuses the same names (exit 2) and trims a good one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-token-names-'));
  const env = { ...process.env, DATABASE_URL: `file:${join(dir, 'lantern.db')}`, LANTERN_DATA_DIR: dir };
  expect((await runLantern(['migrate'], env)).code).toBe(0);
  for (const name of BAD_NAMES) {
    const r = await runLantern(['token', 'create', '--name', name, '--scope', 'read'], env);
    expect([r.code, r.stdout], JSON.stringify(name)).toEqual([2, '']);
    expect(r.stderr).toContain('--name');
  }
  expect((await runLantern(['token', 'create', '--name', ' edge-1  ', '--scope', 'read'], env)).code).toBe(0);
  expect((await runLantern(['token', 'list'], env)).stdout).toMatch(/^\S+ {2}lt_\S+… {2}edge-1 {2}\[read\] {2}active\n$/);
});

test('lantern token create takes its scopes as a comma list too, as check --fail-on does', async () => {
  // Until 6 Dec `--scope read,ingest` was refused as no scope at all, the message not saying why.
  const dir = mkdtempSync(join(tmpdir(), 'lantern-token-scopes-'));
  const env = { ...process.env, DATABASE_URL: `file:${join(dir, 'lantern.db')}`, LANTERN_DATA_DIR: dir };
  expect((await runLantern(['migrate'], env)).code).toBe(0);
  expect((await runLantern(['token', 'create', '--name', 'edge', '--scope', 'read, ingest', '--scope', 'read'], env)).code).toBe(0);
  expect((await runLantern(['token', 'list'], env)).stdout).toMatch(/ {2}edge {2}\[read,ingest\] {2}active\n$/);
  const bad = await runLantern(['token', 'create', '--name', 'x', '--scope', 'read,root'], env);
  expect([bad.code, bad.stdout]).toEqual([2, '']);
  expect(bad.stderr).toContain("'root' is no scope");
});
