import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as overridesRoute from '../../app/api/overrides/route';
import { db, disconnectDb } from '../../lib/db/client';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, sessionHeaders } from './spec-registry-helpers';

/**
 * Any free text a route stores (an override's note or pattern, a triage note, a token's name) could carry a \u0000
 * escape, which PostgreSQL stores in no text column: the body is refused with a 400 naming where, never a 500.
 */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`JSON bodies holding U+0000 on ${kind}`, () => {
    beforeAll(() => useFreshDatabase(kind));
    afterAll(() => disconnectDb());

    test('an override whose note holds U+0000 is refused with 400 and the pointer; nothing is stored', async () => {
      const admin = await sessionHeaders('admin@example.org', 'admin');
      const res = await callRoute(overridesRoute.POST, 'POST', '/api/overrides', {
        headers: admin, json: { host: 'api.example.com', method: 'GET', pattern: '/health', action: 'ignore', note: 'probe\u0000' },
      });
      expect(res).toEqual({ status: 400, body: { error: { code: 'bad_request', message: 'body holds the character U+0000 (NUL), which cannot be stored', details: { pointer: '/note' } } } });
      expect(await db().pathOverride.count()).toBe(0);
    });
  });
}
