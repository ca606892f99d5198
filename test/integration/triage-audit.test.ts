import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Principal } from '../../lib/auth/roles';
import { db, disconnectDb } from '../../lib/db/client';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { setTriage } from '../../lib/db/triage';
import { ingest, observation } from './spec-registry-helpers';

const HOST = 'shop.example.com';

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`triage audit on ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
      await ingest([observation(HOST, 'GET', '/carts/{cartId}', 4)]);
    });
    afterAll(() => disconnectDb());

    test('two triage changes made at once each audit the state they really moved from', async () => {
      const id = (await db().endpoint.findFirstOrThrow({ where: { host: HOST } })).id;
      const actor = (email: string): Principal => ({ kind: 'user', id: email, email, name: null, role: 'governance', teamIds: [] });
      const results = await Promise.all([setTriage(id, { triage: 'acknowledged' }, actor('alice@shop.test')), setTriage(id, { triage: 'ignored' }, actor('bob@shop.test'))]);
      expect(results.map((r) => r.status)).toEqual(['updated', 'updated']);
      const events = await db().auditEvent.findMany({ where: { action: 'endpoint.triage', targetId: id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
      const moves = events.map((e) => e.summary.replace(`GET ${HOST}/carts/{cartId}: `, '')).sort();
      // Whichever came second moved from what the first one set, and the stored triage is the second's.
      const stored = (await db().endpoint.findUniqueOrThrow({ where: { id } })).triage;
      expect(moves).toEqual(
        stored === 'ignored' ? ['acknowledged → ignored', 'new → acknowledged'] : ['ignored → acknowledged', 'new → ignored'],
      );
    });
  });
}
