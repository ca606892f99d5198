import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';

/**
 * The sign-in lockout lives in the database, so app replicas behind a load balancer share it: a guesser who is
 * locked out on one replica is locked out on all of them, and concurrent failures on different replicas all count.
 * A "replica" here is a fresh copy of the module (vi.resetModules): nothing it knows comes from memory.
 */
async function freshReplica() {
  vi.resetModules();
  return import('../../lib/security/sign-in-throttle');
}

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`sign-in lockout shared through ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
    });
    afterAll(() => disconnectDb());

    test('failures on three replicas at once all count, and every replica then refuses', async () => {
      const replicas = [await freshReplica(), await freshReplica(), await freshReplica()];
      const keys = { email: 'Target@Example.org', client: '198.51.100.23' };
      expect(await replicas[0].signInRetryAfterMs(keys)).toBeUndefined();
      await Promise.all(Array.from({ length: 4 }, (_, i) => replicas[i % 3].recordSignInResult(keys, false)));
      for (const r of replicas) expect(await r.signInRetryAfterMs(keys)).toBeUndefined(); // 4 failures: not yet
      await Promise.all([replicas[1].recordSignInResult(keys, false), replicas[2].recordSignInResult({ ...keys, email: 'target@example.org' }, false)]);
      for (const r of [...replicas, await freshReplica()]) {
        const wait = await r.signInRetryAfterMs(keys);
        // 6 failures: the 5th locked for 30 s, the 6th for 60 s; whichever landed last, the longer lock stands.
        expect(wait).toBeGreaterThan(50_000);
        expect(wait).toBeLessThanOrEqual(60_000);
      }
      const rows = await db().signInThrottle.findMany({ orderBy: { failures: 'desc' } });
      expect(rows.map((r) => r.failures)).toEqual([6, 6]); // the account and the client address, counted exactly
    });

    test('the table holds neither e-mail addresses nor client addresses', async () => {
      const rows = await db().signInThrottle.findMany();
      const text = JSON.stringify(rows, (_, v) => (typeof v === 'bigint' ? Number(v) : v)).toLowerCase();
      for (const secret of ['target', 'example.org', '198.51.100.23', '198.51']) expect(text).not.toContain(secret);
    });

    test('a success forgets the account on every replica; failures older than an hour are dropped', async () => {
      const a = await freshReplica();
      const keys = { email: 'careless@example.org', client: undefined };
      for (let i = 0; i < 4; i++) await a.recordSignInResult(keys, false);
      await (await freshReplica()).recordSignInResult(keys, true);
      await a.recordSignInResult(keys, false);
      expect(await (await freshReplica()).signInRetryAfterMs(keys)).toBeUndefined(); // 1 failure since the success
      const before = await db().signInThrottle.count();
      await db().signInThrottle.updateMany({ data: { lastFailureMs: BigInt(Date.now() - 61 * 60_000) } });
      await a.recordSignInResult({ email: 'someone-else@example.org', client: undefined }, false);
      expect(before).toBeGreaterThan(1);
      expect(await db().signInThrottle.count()).toBe(1);
    });
  });
}
