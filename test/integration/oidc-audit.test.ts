import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { upsertOidcUser } from '../../lib/db/users';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';

/**
 * The identity provider sets role and team at every sign-in, so a promotion to admin there becomes one here: the
 * audit log says so, as it says who `lantern user add` created. Until 6 Dec a single sign-on created users and
 * changed roles and teams with no event but "signed in".
 */
describe.each(DATABASE_KINDS)('%s', (kind) => {
  describe.skipIf(!databaseAvailable(kind))(`audit events of OIDC sign-ins on ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
    });
    afterAll(() => disconnectDb());
    const events = async () => (await db().auditEvent.findMany({ where: { action: { startsWith: 'user.' } }, orderBy: [{ at: 'asc' }, { id: 'asc' }] })).map((e) => [e.actor, e.action, e.summary]);

    // The actor is the identity provider that decided (its issuer), not `system`: until 7 Dec a promotion to admin read
    // as Lantern's own doing.
    const idp = 'oidc:https://login.example.org/realms/acme';
    test('a first sign-in, a promotion, a move to another team and a sign-in that changes nothing', async () => {
      const dana = await upsertOidcUser({ email: 'Dana@Example.org', role: 'viewer', teamSlug: 'payments', issuer: 'https://login.example.org/realms/acme' });
      expect(await events()).toEqual([[idp, 'user.create', 'dana@example.org created by single sign-on (viewer, team payments)']]);

      await upsertOidcUser({ email: 'dana@example.org', role: 'viewer', teamSlug: 'payments', issuer: 'https://login.example.org/realms/acme' });
      expect(await events()).toHaveLength(1);

      await upsertOidcUser({ email: 'dana@example.org', role: 'admin', teamSlug: 'payments', issuer: 'https://login.example.org/realms/acme' });
      await upsertOidcUser({ email: 'dana@example.org', role: 'admin', teamSlug: 'search', issuer: 'https://login.example.org/realms/acme' });
      await upsertOidcUser({ email: 'dana@example.org', role: 'owner', issuer: 'https://login.example.org/realms/acme' });
      expect((await events()).slice(1)).toEqual([
        [idp, 'user.update', 'dana@example.org by single sign-on: role viewer → admin'],
        [idp, 'user.update', 'dana@example.org by single sign-on: teams payments → search'],
        [idp, 'user.update', 'dana@example.org by single sign-on: role admin → owner, teams search → none'],
      ]);
      expect((await db().auditEvent.findMany({ where: { action: 'user.update' } })).every((e) => e.targetId === dana.id && e.targetType === 'user')).toBe(true);
    });
  });
});
