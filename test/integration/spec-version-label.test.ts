import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as previewRoute from '../../app/api/apis/[api]/specs/preview/route';
import * as specsRoute from '../../app/api/apis/[api]/specs/route';
import { db, disconnectDb } from '../../lib/db/client';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, sessionHeaders } from './spec-registry-helpers';

const spec = (version: string, paths: string[]) => `openapi: 3.1.0
info: { title: Stock, version: '${version}' }
servers: [{ url: 'https://stock.example.com' }]
paths:
${paths.map((p) => `  ${p}:\n    get: { responses: { '200': { description: ok } } }\n`).join('')}`;

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`a version label another version of the API has, on ${kind}`, () => {
    let owner: Record<string, string>;
    const call = (route: typeof specsRoute.POST, body: string, version?: string) =>
      callRoute(route, 'POST', `/api/apis/stock/specs${route === previewRoute.POST ? '/preview' : ''}?owner=stock${version ? `&version=${version}` : ''}`, {
        headers: { ...owner, 'content-type': 'application/yaml' },
        body,
        params: { api: 'stock' },
      });
    const labels = async () => (await db().spec.findMany({ orderBy: { uploadedAt: 'asc' }, select: { version: true, isCurrent: true } })).map((s) => `${s.version}${s.isCurrent ? '*' : ''}`);

    beforeAll(async () => {
      await useFreshDatabase(kind);
      owner = await sessionHeaders('owner@example.org', 'owner', ['stock']);
    });
    afterAll(() => disconnectDb());

    test('typed for changed text is refused, naming the version that has it; nothing is stored', async () => {
      // Before: 201, a second version labelled v1 beside the first, the history and the diffs naming both `v1`.
      expect((await call(specsRoute.POST, spec('1', ['/items']), 'v1')).status).toBe(201);
      const uploaded = (await db().spec.findFirstOrThrow({ select: { uploadedAt: true } })).uploadedAt.toISOString();
      const message = `version label 'v1' is already stock@v1, uploaded ${uploaded} with other content: name this version with another label`;
      const preview = await call(previewRoute.POST, spec('1', ['/items', '/carts']), 'v1');
      expect([preview.status, preview.body.error]).toEqual([409, { code: 'conflict', message }]);
      const refused = await call(specsRoute.POST, spec('1', ['/items', '/carts']), 'v1');
      expect([refused.status, refused.body.error]).toEqual([409, { code: 'conflict', message }]);
      expect(await labels()).toEqual(['v1*']);
      // Near miss: a label no version has registers under it.
      expect((await call(specsRoute.POST, spec('1', ['/items', '/carts']), 'v2')).body.spec.version).toBe('v2');
      expect(await labels()).toEqual(['v1', 'v2*']);
    });

    test("taken from info.version for changed text, it gets the next free +rN label, and the answer says why", async () => {
      // Before: the third push was stored as a second version named `1`, beside the first.
      const first = await call(specsRoute.POST, spec('1', ['/items']));
      expect([first.status, first.body.spec.version, first.body.labelInUse]).toEqual([200, 'v1', undefined]);
      const changed = spec('1', ['/items', '/reports']);
      expect((await call(specsRoute.POST, changed)).body.spec.version).toBe('1');
      const again = spec('1', ['/items', '/reports', '/orders']);
      const preview = await call(previewRoute.POST, again);
      expect([preview.status, preview.body.version, preview.body.labelInUse]).toEqual([200, '1+r4', '1']);
      const stored = await call(specsRoute.POST, again);
      expect([stored.status, stored.body.status, stored.body.spec.version, stored.body.labelInUse]).toEqual([201, 'created', '1+r4', '1']);
      expect(await labels()).toEqual(['v2', 'v1', '1', '1+r4*']);
    });
  });
}
