import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as tokensRoute from '../../app/api/tokens/route';
import { db, disconnectDb } from '../../lib/db/client';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, sessionHeaders } from './spec-registry-helpers';

/** A scope named twice is one scope: it was stored, listed and audited twice (`read, read`). */
describe.each(DATABASE_KINDS)('%s', (kind) => {
  describe.skipIf(!databaseAvailable(kind))(`a token scope repeated on ${kind}`, () => {
    let admin: Record<string, string>;
    beforeAll(async () => {
      await useFreshDatabase(kind);
      admin = await sessionHeaders('admin@example.org', 'admin');
    });
    afterAll(() => disconnectDb());

    test('POST /api/tokens with a scope repeated', async () => {
      const created = await callRoute(tokensRoute.POST as never, 'POST', '/api/tokens', { headers: admin, json: { name: 'ci', scopes: ['read', 'ingest', 'read'] } });
      expect(created.status).toBe(201);
      expect(created.body.scopes).toEqual(['read', 'ingest']);
      const listed = await callRoute(tokensRoute.GET as never, 'GET', '/api/tokens', { headers: admin });
      expect(listed.body.items.map((t: { scopes: string[] }) => t.scopes)).toEqual([['read', 'ingest']]);
      expect((await db().auditEvent.findFirstOrThrow({ where: { action: 'token.create' } })).summary).toBe('created token ci (read, ingest)');
    });
  });
});
