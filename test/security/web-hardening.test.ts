import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import * as ingestRoute from '../../app/api/ingest/route';
import * as meRoute from '../../app/api/me/route';
import * as overridesRoute from '../../app/api/overrides/route';
import * as tokensRoute from '../../app/api/tokens/route';
import * as tokenRoute from '../../app/api/tokens/[id]/route';
import * as revokeOwnSessionsRoute from '../../app/api/me/sessions/revoke/route';
import * as revokeUserSessionsRoute from '../../app/api/users/[id]/sessions/revoke/route';
import { authOptions } from '../../lib/auth/next-auth-options';
import { encodeSessionToken } from '../../lib/auth/session-cookie';
import { db, disconnectDb } from '../../lib/db/client';
import { createApiToken } from '../../lib/db/tokens';
import { createUser } from '../../lib/db/users';
import { resetEnvCache } from '../../lib/env';
import { resetRateLimits } from '../../lib/security/request-limits';
import { useFreshDatabase } from '../db-harness';
import { callRoute } from '../integration/spec-registry-helpers';

/** CSRF, session expiry, immediate token revocation, ingest rate limit and sign-in lockout, through the real handlers. */
let adminCookie: string;

beforeAll(async () => {
  await useFreshDatabase('sqlite');
  const admin = await createUser({ email: 'admin@test.local', role: 'admin', password: 'password123' });
  adminCookie = `next-auth.session-token=${await encodeSessionToken({ sub: admin.id }, process.env.NEXTAUTH_SECRET!, 3600)}`;
});
afterAll(() => disconnectDb());

const OVERRIDE = { host: 'api.test', method: 'GET', pattern: '/v1/things/{id}', action: 'ignore' };

describe('CSRF: cookie-authenticated changes must come from our own pages', () => {
  test('cross-site, same-site, or no proof at all → 403 cross_site_request, and nothing changes', async () => {
    const proofs: Record<string, string>[] = [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'http://evil.example' }, { origin: 'null' }, {}];
    for (const proof of proofs) {
      const res = await callRoute(overridesRoute.POST, 'POST', '/api/overrides', { headers: { cookie: adminCookie, ...proof }, json: OVERRIDE });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('cross_site_request');
    }
    expect(await db().pathOverride.count()).toBe(0);
    expect(await db().auditEvent.count({ where: { targetType: 'override' } })).toBe(0);
  });

  test('the dashboard (same origin) may change things; reads need no proof', async () => {
    const res = await callRoute(overridesRoute.POST, 'POST', '/api/overrides', { headers: { cookie: adminCookie, origin: 'http://localhost' }, json: OVERRIDE });
    expect(res.status).toBe(201);
    const list = await callRoute(overridesRoute.GET, 'GET', '/api/overrides', { headers: { cookie: adminCookie, 'sec-fetch-site': 'cross-site' } });
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBe(1);
  });

  test('Bearer-token callers are exempt (a cross-site page cannot attach one)', async () => {
    const { token } = await createApiToken({ name: 'ingest-csrf', scopes: ['ingest'] });
    const res = await callRoute(ingestRoute.POST, 'POST', '/api/ingest', { headers: { authorization: `Bearer ${token}` }, json: { idempotencyKey: 'csrf-exempt-0000001', collector: { name: 'c', kind: 'log' }, observations: [] } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('applied');
  });
});

describe('sessions and tokens', () => {
  test('an expired session cookie is refused', async () => {
    const user = await db().user.findUniqueOrThrow({ where: { email: 'admin@test.local' } });
    const expired = await encodeSessionToken({ sub: user.id }, process.env.NEXTAUTH_SECRET!, -120);
    const res = await callRoute(meRoute.GET, 'GET', '/api/me', { headers: { cookie: `next-auth.session-token=${expired}` } });
    expect(res.status).toBe(401);
    const tampered = await callRoute(meRoute.GET, 'GET', '/api/me', { headers: { cookie: `${adminCookie.slice(0, -4)}AAAA` } });
    expect(tampered.status).toBe(401);
  });

  test('a session is refused once LANTERN_SESSION_MAX_AGE has passed since sign-in, however fresh its cookie', async () => {
    process.env.LANTERN_SESSION_MAX_AGE = '20';
    resetEnvCache();
    try {
      const user = await db().user.findUniqueOrThrow({ where: { email: 'admin@test.local' } });
      // Every cookie below expires in an hour, as one just re-issued by GET /api/auth/session would.
      const signedIn = async (claims: Record<string, unknown>) =>
        `next-auth.session-token=${await encode({ token: { sub: user.id, ...claims }, secret: process.env.NEXTAUTH_SECRET!, maxAge: 3600 })}`;
      const me = async (cookie: string) => (await callRoute(meRoute.GET, 'GET', '/api/me', { headers: { cookie } })).status;
      expect(await me(await signedIn({ authAt: Date.now() - 5_000 }))).toBe(200);
      expect(await me(await signedIn({ authAt: Date.now() - 35_000 }))).toBe(401);
      // A cookie that does not say when it signed in could have been re-issued forever.
      expect(await me(await signedIn({}))).toBe(401);
    } finally {
      delete process.env.LANTERN_SESSION_MAX_AGE;
      resetEnvCache();
    }
  });

  test('a disabled user is out on the next request, cookie or not', async () => {
    const user = await createUser({ email: 'leaver@test.local', role: 'viewer', password: 'password123' });
    const cookie = `next-auth.session-token=${await encodeSessionToken({ sub: user.id }, process.env.NEXTAUTH_SECRET!, 3600)}`;
    expect((await callRoute(meRoute.GET, 'GET', '/api/me', { headers: { cookie } })).status).toBe(200);
    await db().user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect((await callRoute(meRoute.GET, 'GET', '/api/me', { headers: { cookie } })).status).toBe(401);
  });

  test('token revocation takes effect on the very next request, and is audited', async () => {
    const created = await callRoute(tokensRoute.POST, 'POST', '/api/tokens', { headers: { cookie: adminCookie, 'sec-fetch-site': 'same-origin' }, json: { name: 'ci', scopes: ['read'] } });
    expect(created.status).toBe(201);
    const bearer = { authorization: `Bearer ${created.body.token}` };
    expect((await callRoute(meRoute.GET, 'GET', '/api/me', { headers: bearer })).status).toBe(200);
    const revoked = await callRoute(tokenRoute.DELETE, 'DELETE', `/api/tokens/${created.body.id}`, { headers: { cookie: adminCookie, 'sec-fetch-site': 'same-origin' }, params: { id: created.body.id } });
    expect(revoked.status).toBe(204);
    const after = await callRoute(meRoute.GET, 'GET', '/api/me', { headers: bearer });
    expect(after.status).toBe(401);
    const audit = await db().auditEvent.findMany({ where: { targetId: created.body.id }, orderBy: { at: 'asc' } });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['token.create', 'user:admin@test.local'],
      ['token.revoke', 'user:admin@test.local'],
    ]);
  });
});

describe('session revocation', () => {
  const secret = () => process.env.NEXTAUTH_SECRET!;
  const sessionOf = async (userId: string, authAt?: number) =>
    `next-auth.session-token=${await encodeSessionToken({ sub: userId, ...(authAt === undefined ? {} : { authAt }) }, secret(), 3600)}`;
  const me = (cookie: string) => callRoute(meRoute.GET, 'GET', '/api/me', { headers: { cookie } });

  test('sign-in stamps the session with its sign-in time, and re-issuing the cookie keeps it', async () => {
    const jwt = authOptions().callbacks!.jwt!;
    // A real user: re-issuing checks the session as every request does (an unknown user has none).
    const user = await createUser({ email: 'stamped@test.local', role: 'viewer', password: 'password123' });
    const before = Date.now();
    const fresh = await jwt({ token: {}, user: { id: user.id, email: user.email }, account: null } as never);
    expect(fresh.sub).toBe(user.id);
    expect(fresh.authAt).toBeGreaterThanOrEqual(before);
    const reissued = await jwt({ token: { ...fresh }, user: undefined, account: null } as never);
    expect(reissued.authAt).toBe(fresh.authAt);
  });

  test('"sign out everywhere" ends every session of the caller, audited; a later sign-in works; others are untouched', async () => {
    const user = await createUser({ email: 'roamer@test.local', role: 'viewer', password: 'password123' });
    const other = await createUser({ email: 'colleague@test.local', role: 'viewer', password: 'password123' });
    const laptop = await sessionOf(user.id, Date.now() - 60_000);
    const phone = await sessionOf(user.id, Date.now() - 5_000);
    const bystander = await sessionOf(other.id, Date.now() - 60_000);
    for (const c of [laptop, phone, bystander]) expect((await me(c)).status).toBe(200);

    const crossSite = await callRoute(revokeOwnSessionsRoute.POST, 'POST', '/api/me/sessions/revoke', { headers: { cookie: phone, 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    expect((await me(laptop)).status).toBe(200);

    const res = await revokeOwnSessionsRoute.POST(
      new Request('http://localhost/api/me/sessions/revoke', { method: 'POST', headers: { cookie: phone, 'sec-fetch-site': 'same-origin' } }),
      { params: Promise.resolve({}) as never },
    );
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/next-auth\.session-token=; Path=\/; Max-Age=0/);
    for (const c of [laptop, phone]) expect((await me(c)).status).toBe(401);
    expect((await me(bystander)).status).toBe(200);

    const signedInAgain = await sessionOf(user.id, Date.now() + 1);
    expect((await me(signedInAgain)).status).toBe(200);
    const audit = await db().auditEvent.findMany({ where: { targetId: user.id, action: 'user.sessions.revoke' } });
    expect(audit.map((a) => [a.actor, a.summary])).toEqual([['user:roamer@test.local', 'roamer@test.local signed out everywhere']]);
  });

  test('an admin revokes another user\'s sessions; a viewer may not; an unknown user is 404', async () => {
    const target = await createUser({ email: 'lost-laptop@test.local', role: 'owner', password: 'password123' });
    const viewer = await createUser({ email: 'curious@test.local', role: 'viewer', password: 'password123' });
    const targetCookie = await sessionOf(target.id, Date.now() - 1_000);
    const call = (cookie: string, id: string) =>
      callRoute(revokeUserSessionsRoute.POST, 'POST', `/api/users/${id}/sessions/revoke`, { headers: { cookie, 'sec-fetch-site': 'same-origin' }, params: { id } });

    expect((await call(await sessionOf(viewer.id, Date.now() - 1_000), target.id)).status).toBe(403);
    expect((await me(targetCookie)).status).toBe(200);
    expect((await call(adminCookie, 'no-such-user')).status).toBe(404);
    expect((await call(adminCookie, target.id)).status).toBe(204);
    expect((await me(targetCookie)).status).toBe(401);
    expect((await me(adminCookie)).status).toBe(200);
    const audit = await db().auditEvent.findMany({ where: { targetId: target.id, action: 'user.sessions.revoke' } });
    expect(audit.map((a) => a.actor)).toEqual(['user:admin@test.local']);
  });
});

describe('ingest rate limit', () => {
  test('past the burst a token gets 429 + Retry-After; another token is unaffected', async () => {
    process.env.LANTERN_INGEST_RATE = '0.5';
    process.env.LANTERN_INGEST_BURST = '2';
    resetEnvCache();
    resetRateLimits();
    // The bucket refills by Date.now: on a busy machine the sends below took long enough for a token to come back
    // (the third was taken, or Retry-After came out short). Its clock stands still: the arithmetic is what is tested.
    const clock = vi.spyOn(Date, 'now').mockReturnValue(Date.now());
    try {
      const a = { authorization: `Bearer ${(await createApiToken({ name: 'rl-a', scopes: ['ingest'] })).token}` };
      const b = { authorization: `Bearer ${(await createApiToken({ name: 'rl-b', scopes: ['ingest'] })).token}` };
      const send = (headers: Record<string, string>, n: number) =>
        callRoute(ingestRoute.POST, 'POST', '/api/ingest', { headers, json: { idempotencyKey: `rate-limit-test-${n}-${headers.authorization.slice(-6)}`, collector: { name: 'c', kind: 'log' }, observations: [] } });
      expect((await send(a, 1)).status).toBe(200);
      expect((await send(a, 2)).status).toBe(200);
      const third = await send(a, 3);
      expect(third.status).toBe(429);
      expect(third.body.error.code).toBe('rate_limited');
      const res = await ingestRoute.POST(new Request('http://localhost/api/ingest', { method: 'POST', headers: { ...a, 'content-type': 'application/json' }, body: '{}' }), { params: Promise.resolve({}) });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBe(4); // 2 s to the next token, doubled for knocking again
      expect((await send(b, 1)).status).toBe(200);
    } finally {
      clock.mockRestore();
      delete process.env.LANTERN_INGEST_RATE;
      delete process.env.LANTERN_INGEST_BURST;
      resetEnvCache();
      resetRateLimits();
    }
  });
});

describe('sign-in lockout', () => {
  type Authorize = (creds: Record<string, string>, req: { headers: Record<string, string> }) => Promise<{ id: string } | null>;
  const authorize = () => (authOptions().providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;
  // While locked, authorize throws what the form shows as "try again in …" (lib/auth/sign-in-locked.ts).
  const locked = (attempt: Promise<unknown>) => attempt.then(() => false, (e: Error) => e.message.startsWith('SignInLocked:'));

  test('after 5 wrong passwords even the right one is refused; other accounts still sign in', async () => {
    await createUser({ email: 'target@test.local', role: 'viewer', password: 'right-password' });
    await createUser({ email: 'bystander@test.local', role: 'viewer', password: 'right-password' });
    const req = { headers: { 'x-forwarded-for': '198.51.100.7' } };
    const signIn = (email: string, password: string) => authorize()({ email, password }, req);
    expect((await signIn('target@test.local', 'right-password'))?.id).toBeTypeOf('string');
    for (let i = 0; i < 5; i++) expect(await signIn('target@test.local', `guess-${i}`)).toBeNull();
    expect(await locked(signIn('target@test.local', 'right-password'))).toBe(true);
    expect(await locked(signIn('TARGET@test.local', 'right-password'))).toBe(true);
    expect((await signIn('bystander@test.local', 'right-password'))?.id).toBeTypeOf('string');
    // Unknown accounts are refused the same way (a bcrypt comparison against a dummy hash, counted as a failure).
    expect(await signIn('ghost@test.local', 'right-password')).toBeNull();
  });

  test('spraying many accounts from one address locks that address, whatever hops the client forges', async () => {
    process.env.LANTERN_TRUSTED_PROXIES = '1';
    resetEnvCache();
    try {
      await createUser({ email: 'sprayed@test.local', role: 'viewer', password: 'right-password' });
      // Behind one proxy the last hop is the one the proxy appended.
      const from = (forged: string) => ({ headers: { 'x-forwarded-for': `${forged}, 203.0.113.50` } });
      for (let i = 0; i < 20; i++) expect(await authorize()({ email: `victim-${i}@test.local`, password: 'guess' }, from(`10.9.9.${i}`))).toBeNull();
      expect(await locked(authorize()({ email: 'sprayed@test.local', password: 'right-password' }, from('10.9.9.250')))).toBe(true);
      // The same account from another client address is not affected.
      expect((await authorize()({ email: 'sprayed@test.local', password: 'right-password' }, { headers: { 'x-forwarded-for': '10.9.9.1, 203.0.113.51' } }))?.id).toBeTypeOf('string');
    } finally {
      delete process.env.LANTERN_TRUSTED_PROXIES;
      resetEnvCache();
    }
  });

  test('with no proxy configured (the default) X-Forwarded-For is the client\'s own: rotating it mints no throttle keys', async () => {
    const before = await db().signInThrottle.count();
    for (let i = 0; i < 21; i++) {
      expect(await authorize()({ email: `rotated-${i}@test.local`, password: 'guess' }, { headers: { 'x-forwarded-for': `10.1.${i}.3` } })).toBeNull();
    }
    // One row per account guessed at; none per forged address.
    expect((await db().signInThrottle.count()) - before).toBe(21);
  });
});
