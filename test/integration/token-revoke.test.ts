import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as tokenRoute from '../../app/api/tokens/[id]/route';
import { encodeSessionToken } from '../../lib/auth/session-cookie';
import { db, disconnectDb } from '../../lib/db/client';
import { createApiToken } from '../../lib/db/tokens';
import { createUser } from '../../lib/db/users';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`token revocation on ${kind}`, () => {
    let headers: Record<string, string>;
    beforeAll(async () => {
      await useFreshDatabase(kind);
      const admin = await createUser({ email: 'admin@test.local', role: 'admin', password: 'password123' });
      const cookie = await encodeSessionToken({ sub: admin.id }, process.env.NEXTAUTH_SECRET!, 3600);
      headers = { cookie: `next-auth.session-token=${cookie}`, 'sec-fetch-site': 'same-origin' };
    });
    afterAll(() => disconnectDb());

    const revoke = async (id: string) => {
      const res = await tokenRoute.DELETE(new Request(`http://localhost/api/tokens/${id}`, { method: 'DELETE', headers }), { params: Promise.resolve({ id }) });
      return res.status;
    };

    test('revoking twice (or twice at once) is a 204 each time, keeps the first revocation time and is audited once', async () => {
      const { row } = await createApiToken({ name: 'twice', scopes: ['read'] });
      expect(await revoke(row.id)).toBe(204);
      const first = (await db().apiToken.findUniqueOrThrow({ where: { id: row.id } })).revokedAt;
      expect(first).toBeInstanceOf(Date);
      expect(await revoke(row.id)).toBe(204);
      expect((await db().apiToken.findUniqueOrThrow({ where: { id: row.id } })).revokedAt).toEqual(first);
      expect(await db().auditEvent.count({ where: { action: 'token.revoke', targetId: row.id } })).toBe(1);

      const { row: raced } = await createApiToken({ name: 'raced', scopes: ['read'] });
      expect(await Promise.all([revoke(raced.id), revoke(raced.id), revoke(raced.id)])).toEqual([204, 204, 204]);
      expect(await db().auditEvent.count({ where: { action: 'token.revoke', targetId: raced.id } })).toBe(1);
    });

    test('an unknown token is a 404', async () => {
      expect(await revoke('does-not-exist')).toBe(404);
    });
  });
}
