import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Principal } from '../../lib/auth/roles';
import { db, disconnectDb } from '../../lib/db/client';
import { INGEST_LOCK } from '../../lib/db/ingest';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { setTriage } from '../../lib/db/triage';
import { ingest, observation } from './spec-registry-helpers';

const HOST = 'shop.example.com';

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`triage audit on ${kind}`, () => {
    let url: string;
    beforeAll(async () => {
      url = await useFreshDatabase(kind);
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

    test.skipIf(kind !== 'postgres')('a triage change made while an ingest holds the inventory lock for longer than 5 s waits for it, then applies', { timeout: 60_000 }, async () => {
      const id = (await db().endpoint.findFirstOrThrow({ where: { host: HOST } })).id;
      const actor: Principal = { kind: 'user', id: 'carol', email: 'carol@shop.test', name: null, role: 'governance', teamIds: [] };
      // Another process (a CLI ingest) in the middle of a long batch. PostgreSQL only: SQLite's driver is synchronous,
      // so a second connection in this process cannot let go while the first waits.
      const other = new pg.Client({ connectionString: url });
      await other.connect();
      await other.query(`SELECT pg_advisory_lock(${INGEST_LOCK})`);
      const change = setTriage(id, { triage: 'adopted' }, actor);
      await new Promise((r) => setTimeout(r, 6_000));
      await other.end();
      expect((await change).status).toBe('updated');
    });
  });
}
