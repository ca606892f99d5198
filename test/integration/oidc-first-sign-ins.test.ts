import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { upsertOidcUser } from '../../lib/db/users';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`first OIDC sign-ins at once on ${kind}`, () => {
    beforeAll(() => useFreshDatabase(kind));
    afterAll(() => disconnectDb());

    test('six people signing in for the first time into one new team all get in, and the team is made once', async () => {
      // Before (PostgreSQL): Prisma's upsert reads then creates, so five of six sign-ins failed on the team's unique slug.
      const emails = [1, 2, 3, 4, 5, 6].map((i) => `member${i}@corp.test`);
      const results = await Promise.allSettled(emails.map((email) => upsertOidcUser({ email, role: 'viewer', teamSlug: 'new-squad', issuer: 'https://login.corp.test' })));
      expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason).slice(0, 200))).toEqual([]);
      const team = await db().team.findMany({ where: { slug: 'new-squad' }, include: { memberships: { include: { user: true } } } });
      expect(team).toHaveLength(1);
      expect(team[0].memberships.map((m) => m.user.email).sort()).toEqual(emails);
    });
  });
}
