import { afterAll, beforeAll, expect, test } from 'vitest';
import { authOptions } from '../../lib/auth/next-auth-options';
import { db, disconnectDb } from '../../lib/db/client';
import { resetEnvCache } from '../../lib/env';
import { useFreshDatabase } from '../db-harness';

beforeAll(() => useFreshDatabase('sqlite'));
afterAll(async () => {
  for (const k of ['LANTERN_OIDC_ISSUER', 'LANTERN_OIDC_CLIENT_ID', 'LANTERN_OIDC_CLIENT_SECRET', 'LANTERN_OIDC_DEFAULT_ROLE']) delete process.env[k];
  resetEnvCache();
  await disconnectDb();
});

test('without LANTERN_OIDC_* only password sign-in is offered', () => {
  expect(authOptions().providers.map((p) => p.id)).toEqual(['credentials']);
});

test('with LANTERN_OIDC_* a generic OIDC provider maps the role and team claims onto the user', async () => {
  Object.assign(process.env, {
    LANTERN_OIDC_ISSUER: 'https://sso.example.org/realms/main',
    LANTERN_OIDC_CLIENT_ID: 'lantern',
    LANTERN_OIDC_CLIENT_SECRET: 'client-secret',
    LANTERN_OIDC_DEFAULT_ROLE: 'viewer',
  });
  resetEnvCache();
  const oidc = authOptions().providers.find((p) => p.id === 'oidc') as unknown as {
    wellKnown: string;
    profile: (claims: Record<string, unknown>) => Promise<{ id: string; email: string }>;
  };
  expect(oidc.wellKnown).toBe('https://sso.example.org/realms/main/.well-known/openid-configuration');

  const owner = await oidc.profile({ email: 'Dana@Example.org', name: 'Dana', lantern_role: 'owner', lantern_team: 'payments' });
  const stored = await db().user.findUniqueOrThrow({ where: { id: owner.id }, include: { memberships: { include: { team: true } } } });
  expect(stored).toMatchObject({ email: 'dana@example.org', role: 'owner', passwordHash: null });
  expect(stored.memberships.map((m) => m.team.slug)).toEqual(['payments']);

  const nobody = await oidc.profile({ email: 'eve@example.org', lantern_role: 'root', lantern_team: '../../etc' });
  const eve = await db().user.findUniqueOrThrow({ where: { id: nobody.id }, include: { memberships: true } });
  expect(eve.role).toBe('viewer');
  expect(eve.memberships).toEqual([]);

  // The identity provider stays the source of truth: a demotion there is a demotion here on the next sign-in.
  await oidc.profile({ email: 'dana@example.org', lantern_role: 'viewer' });
  expect((await db().user.findUniqueOrThrow({ where: { email: 'dana@example.org' } })).role).toBe('viewer');
  await expect(oidc.profile({ name: 'no email' })).rejects.toThrow(/no email claim/);
});

test('a user the identity provider moves to another team, or out of every team, is no longer a member of the old one', async () => {
  const teamsOf = async (email: string) =>
    (await db().user.findUniqueOrThrow({ where: { email }, include: { memberships: { include: { team: true } } } })).memberships.map((m) => m.team.slug).sort();
  await oidc().profile({ email: 'sam@example.org', lantern_role: 'owner', lantern_team: 'payments' });
  expect(await teamsOf('sam@example.org')).toEqual(['payments']);
  await oidc().profile({ email: 'sam@example.org', lantern_role: 'owner', lantern_team: 'payments' });
  expect(await teamsOf('sam@example.org')).toEqual(['payments']);
  await oidc().profile({ email: 'sam@example.org', lantern_role: 'owner', lantern_team: 'search' });
  expect(await teamsOf('sam@example.org')).toEqual(['search']);
  await oidc().profile({ email: 'sam@example.org', lantern_role: 'owner' });
  expect(await teamsOf('sam@example.org')).toEqual([]);
  await oidc().profile({ email: 'sam@example.org', lantern_role: 'owner', lantern_team: 'Not A Slug' });
  expect(await teamsOf('sam@example.org')).toEqual([]);
  // Other users' memberships are left alone.
  await oidc().profile({ email: 'kim@example.org', lantern_role: 'owner', lantern_team: 'payments' });
  await oidc().profile({ email: 'sam@example.org', lantern_role: 'owner', lantern_team: 'payments' });
  expect([await teamsOf('kim@example.org'), await teamsOf('sam@example.org')]).toEqual([['payments'], ['payments']]);
});

function oidc() {
  return authOptions().providers.find((p) => p.id === 'oidc') as unknown as { profile: (claims: Record<string, unknown>) => Promise<{ id: string }> };
}

test('an e-mail the identity provider says is unverified signs no one in, least of all the account that has it', async () => {
  // Providers with self-service sign-up (Keycloak, Auth0, Cognito) let anyone claim any address until it is verified.
  const admin = await db().user.create({ data: { email: 'root@corp.test', role: 'admin', passwordHash: 'x' } });
  for (const unverified of [false, 'false']) {
    await expect(oidc().profile({ email: 'root@corp.test', email_verified: unverified, lantern_role: 'viewer' })).rejects.toThrow(/not verified/);
  }
  await expect(oidc().profile({ email: 'new@corp.test', email_verified: false })).rejects.toThrow(/not verified/);
  expect(await db().user.findUniqueOrThrow({ where: { id: admin.id } })).toMatchObject({ role: 'admin' });
  expect(await db().user.findUnique({ where: { email: 'new@corp.test' } })).toBeNull();
  // Verified, or not said either way (many providers send no email_verified): signed in as before.
  await oidc().profile({ email: 'ok@corp.test', email_verified: true });
  await oidc().profile({ email: 'plain@corp.test' });
  expect(await db().user.count({ where: { email: { in: ['ok@corp.test', 'plain@corp.test'] } } })).toBe(2);
});

test('a disabled account does not sign in through the identity provider either, nor is it changed', async () => {
  // The password form refuses it; single sign-on set the cookie and logged "signed in" (then every request was a
  // 401), and took the provider's role and team for it.
  const gone = await db().user.create({ data: { email: 'gone@corp.test', role: 'viewer', disabledAt: new Date() } });
  await expect(oidc().profile({ email: 'Gone@corp.test', lantern_role: 'admin', lantern_team: 'payments' })).rejects.toThrow(/disabled/);
  expect(await db().user.findUniqueOrThrow({ where: { id: gone.id }, include: { memberships: true } })).toMatchObject({ role: 'viewer', memberships: [] });
});
