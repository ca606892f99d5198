import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { registerSpec } from '../../lib/db/spec-registry';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';

/** PostgreSQL stores U+0000 in no text column: a spec holding one is refused with where it is, before anything is written. */
const escaped = JSON.stringify({
  openapi: '3.0.3', info: { title: 'Probe', version: '1' },
  paths: { '/a\u0000b': { get: { responses: { 200: { description: 'ok' } } } } },
});
const yamlEscape = `openapi: 3.0.3\ninfo: { title: Probe, version: "1" }\npaths:\n  /ok:\n    get:\n      summary: "bad\\0summary"\n      responses: { "200": { description: ok } }\n`;

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`specs holding U+0000 on ${kind}`, () => {
    beforeAll(() => useFreshDatabase(kind));
    afterAll(() => disconnectDb());

    test('are refused as invalid with the pointer of the first one; no API, spec or operation is created', async () => {
      expect(await registerSpec({ apiSlug: 'probe', text: escaped, actor: 'system' })).toEqual({
        status: 'invalid', problems: [{ pointer: '/paths/~1a%00b', message: 'contains the character U+0000 (NUL), which cannot be stored' }],
      });
      expect(await registerSpec({ apiSlug: 'probe', text: yamlEscape, actor: 'system' })).toMatchObject({
        status: 'invalid', problems: [{ pointer: '/paths/~1ok/get/summary' }],
      });
      expect([await db().api.count(), await db().spec.count(), await db().operation.count()]).toEqual([0, 0, 0]);
    });
  });
}
