import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as specsRoute from '../../app/api/apis/[api]/specs/route';
import { db, disconnectDb } from '../../lib/db/client';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { registerSpec } from '../../lib/db/spec-registry';
import { callRoute, sessionHeaders, tokenHeaders } from './spec-registry-helpers';

const spec = (version: string, paths: string[]) => `openapi: 3.1.0
info: { title: Stock, version: '${version}' }
servers: [{ url: 'https://stock.example.com' }]
paths:
${paths.map((p) => `  ${p}:\n    get: { responses: { '200': { description: ok } } }\n`).join('')}`;

type Version = { version: string; isCurrent: boolean; uploadedAt: string; uploadedBy: string | null; diffSummary: { previousVersion: string | null; added: Array<{ path: string }>; removed: Array<{ path: string }> } | null };

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`a restored spec version in the version history, on ${kind}`, () => {
    let owner: Record<string, string>;
    let ops: Record<string, string>;
    const push = (headers: Record<string, string>, body: string) => callRoute(specsRoute.POST, 'POST', '/api/apis/stock/specs?owner=stock', { headers: { ...headers, 'content-type': 'application/yaml' }, body, params: { api: 'stock' } });
    const history = async (): Promise<Version[]> => (await callRoute(specsRoute.GET, 'GET', '/api/apis/stock/specs', { headers: owner, params: { api: 'stock' } })).body.items;

    beforeAll(async () => {
      await useFreshDatabase(kind);
      owner = await sessionHeaders('owner@example.org', 'owner', ['stock']);
      ops = await sessionHeaders('ops@example.org', 'owner', ['stock']);
    });
    afterAll(() => disconnectDb());

    test('is listed first, as restored now by whom, with what restoring it changed against the version it replaced', async () => {
      // Before: v1 kept its first upload's date, uploader and diff (every operation added, against no version), so the
      // history listed v2 on top and v1, current, below it, saying nothing of the rollback or of /reports going away.
      expect((await push(owner, spec('1', ['/items']))).status).toBe(201);
      expect((await push(owner, spec('2', ['/items', '/reports']))).status).toBe(201);
      const before = await history();
      await db().spec.updateMany({ data: { uploadedAt: new Date('2026-12-01T00:00:00Z') } });
      const restored = await push(ops, spec('1', ['/items']));
      expect(restored.body.status).toBe('restored');
      expect(restored.body.spec.diffSummary).toMatchObject({ previousVersion: '2', added: [], removed: [{ path: '/reports' }] });
      const after = await history();
      expect(after.map((v) => [v.version, v.isCurrent, v.uploadedBy, v.diffSummary?.previousVersion ?? null, v.diffSummary?.removed.map((r) => r.path)])).toEqual([
        ['1', true, 'ops@example.org', '2', ['/reports']],
        ['2', false, 'owner@example.org', '1', []],
      ]);
      expect(Date.parse(after[0].uploadedAt)).toBeGreaterThan(Date.parse('2026-12-01T00:00:00Z'));
      expect(before.map((v) => v.version)).toEqual(['2', '1']);
    });

    test("names who pushed a version without an account: the token's name, or the CLI on the server's database", async () => {
      // Before: a version pushed by a CI token or by `lantern spec push` without --server said no uploader at all.
      const ci = await tokenHeaders('ci-publisher', ['specs:write']);
      expect((await push(ci, spec('3', ['/items', '/stock']))).status).toBe(201);
      expect((await registerSpec({ apiSlug: 'stock', text: spec('4', ['/items', '/stock', '/bins']), actor: 'cli' })).status).toBe('created');
      expect((await history()).slice(0, 3).map((v) => [v.version, v.uploadedBy])).toEqual([
        ['4', 'CLI (local)'],
        ['3', 'token ci-publisher'],
        ['1', 'ops@example.org'],
      ]);
    });
  });
}
