import { decode, encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as authRoute from '../../app/api/auth/[...nextauth]/route';
import { db, disconnectDb } from '../../lib/db/client';
import { createUser, revokeUserSessions } from '../../lib/db/users';
import { resetEnvCache } from '../../lib/env';
import { useFreshDatabase } from '../db-harness';

/**
 * next-auth's own endpoints (/api/auth/*) with Lantern's options, through the app's catch-all route handler, so what a
 * browser gets back is checked without a running server.
 */
const secret = () => process.env.NEXTAUTH_SECRET!;

interface Answer { status: number; body: unknown; location?: string; cookies: Map<string, string> }

async function nextAuth(path: string, opts: { query?: Record<string, string>; cookies?: Record<string, string>; form?: Record<string, string> } = {}): Promise<Answer> {
  const url = new URL(`http://localhost:3000/api/auth/${path}`);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const cookie = Object.entries(opts.cookies ?? {}).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
  const req = new Request(url, {
    method: opts.form ? 'POST' : 'GET',
    headers: { host: 'localhost:3000', ...(cookie ? { cookie } : {}), ...(opts.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    body: opts.form ? new URLSearchParams(opts.form) : undefined,
  });
  const res = await (opts.form ? authRoute.POST : authRoute.GET)(req, { params: Promise.resolve({ nextauth: path.split('/') }) });
  const text = await res.text();
  const cookies = new Map(res.headers.getSetCookie().map((c) => {
    const [pair] = c.split(';');
    const eq = pair.indexOf('=');
    return [pair.slice(0, eq), decodeURIComponent(pair.slice(eq + 1))] as const;
  }));
  const body = res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  return { status: res.status, body, location: res.headers.get('location') ?? undefined, cookies };
}

async function signIn(email: string, password: string, extra: Record<string, string> = {}) {
  const csrf = await nextAuth('csrf');
  const cookies = { 'next-auth.csrf-token': csrf.cookies.get('next-auth.csrf-token')! };
  return nextAuth('callback/credentials', { cookies, form: { csrfToken: (csrf.body as { csrfToken: string }).csrfToken, email, password, ...extra } });
}

let walkerId: string;
beforeAll(async () => {
  await useFreshDatabase('sqlite');
  walkerId = (await createUser({ email: 'walker@test.local', role: 'viewer', password: 'right-password' })).id;
  process.env.LANTERN_SESSION_MAX_AGE = '20';
  resetEnvCache();
});
afterAll(async () => {
  delete process.env.LANTERN_SESSION_MAX_AGE;
  resetEnvCache();
  await disconnectDb();
});

describe('session lifetime (LANTERN_SESSION_MAX_AGE=20)', () => {
  test('the cookie a sign-in sets expires LANTERN_SESSION_MAX_AGE after it, not in 30 days', async () => {
    const res = await signIn('walker@test.local', 'right-password');
    const token = await decode({ token: res.cookies.get('next-auth.session-token')!, secret: secret() });
    expect(Number(token!.exp) - Number(token!.iat)).toBe(20);
  });

  test('GET /api/auth/session does not renew a session signed in longer ago than that; it clears the cookie', async () => {
    const user = { sub: walkerId, email: 'walker@test.local' };
    const young = await encode({ token: { ...user, authAt: Date.now() - 5_000 }, secret: secret(), maxAge: 20 });
    const renewed = await nextAuth('session', { cookies: { 'next-auth.session-token': young } });
    expect((renewed.body as { user?: { email: string } }).user?.email).toBe('walker@test.local');
    const reissued = await decode({ token: renewed.cookies.get('next-auth.session-token')!, secret: secret() });
    expect(reissued!.authAt).toBeLessThan(Date.now() - 4_000);

    // Signed in 35 s ago, its cookie re-issued 10 s ago (so not expired itself).
    const old = await encode({ token: { ...user, authAt: Date.now() - 35_000 }, secret: secret(), maxAge: 20 });
    const refused = await nextAuth('session', { cookies: { 'next-auth.session-token': old } });
    expect(refused.body).toEqual({});
    expect(refused.cookies.get('next-auth.session-token')).toBe('');
  });
});

describe('sessions ended on the server (README: refused on their next request)', () => {
  // GET /api/auth/session answered such a cookie with the user and re-issued it with a fresh expiry.
  test('a session from before "sign out everywhere", or of a disabled user, is no session there either; the cookie is cleared', async () => {
    const user = await createUser({ email: 'leaver@test.local', role: 'viewer', password: 'right-password' });
    const cookie = async () => encode({ token: { sub: user.id, email: user.email, authAt: Date.now() - 5_000 }, secret: secret(), maxAge: 20 });
    const live = await nextAuth('session', { cookies: { 'next-auth.session-token': await cookie() } });
    expect((live.body as { user?: { email: string } }).user?.email).toBe('leaver@test.local');

    const before = await cookie();
    await revokeUserSessions(user.id);
    const revoked = await nextAuth('session', { cookies: { 'next-auth.session-token': before } });
    expect(revoked.body).toEqual({});
    expect(revoked.cookies.get('next-auth.session-token')).toBe('');

    await db().user.update({ where: { id: user.id }, data: { sessionsValidAfter: null, disabledAt: new Date() } });
    const disabled = await nextAuth('session', { cookies: { 'next-auth.session-token': await cookie() } });
    expect(disabled.body).toEqual({});
    expect(disabled.cookies.get('next-auth.session-token')).toBe('');
  });
});

describe('callback URLs (unauthenticated input)', () => {
  const BAD = ['http://a b', 'http://127.0.0.1:3177.evil.com/', 'https://evil.example/steal', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)'];

  test('a bad or foreign callbackUrl never breaks sign-in: it falls back to the dashboard, same-origin ones are kept', async () => {
    for (const callbackUrl of BAD) {
      const page = await nextAuth('signin', { query: { callbackUrl } });
      expect([callbackUrl, page.status, page.location]).toEqual([callbackUrl, 302, `/signin?callbackUrl=${encodeURIComponent('http://localhost:3000')}`]);
      const res = await signIn('walker@test.local', 'right-password', { callbackUrl, json: 'true' });
      expect([callbackUrl, res.status, res.body]).toEqual([callbackUrl, 200, { url: 'http://localhost:3000' }]);
      expect(res.cookies.get('next-auth.session-token')).toBeTypeOf('string');
    }
    const kept = await signIn('walker@test.local', 'right-password', { callbackUrl: '/inventory?state=shadow', json: 'true' });
    expect(kept.body).toEqual({ url: 'http://localhost:3000/inventory?state=shadow' });
    const absolute = await signIn('walker@test.local', 'right-password', { callbackUrl: 'http://localhost:3000/apis/payments', json: 'true' });
    expect(absolute.body).toEqual({ url: 'http://localhost:3000/apis/payments' });
  });

  test('a bad callback-url cookie does not break every /api/auth route', async () => {
    const cookies = { 'next-auth.callback-url': 'http://a b' };
    for (const path of ['session', 'csrf', 'providers', 'signin']) {
      const res = await nextAuth(path, { cookies });
      expect([path, res.status < 500]).toEqual([path, true]);
      // Replaced by the dashboard's URL, or deleted.
      expect(['http://localhost:3000', '']).toContain(res.cookies.get('next-auth.callback-url'));
    }
  });
});

describe('request bodies (unauthenticated input)', () => {
  /** A body that counts what the handler pulled from it: 8 MB in 64 KB chunks, with no Content-Length (chunked). */
  function countingBody(total = 8 * 1024 * 1024, chunk = 64 * 1024) {
    const pulled = { bytes: 0 };
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled.bytes >= total) return controller.close();
        pulled.bytes += chunk;
        controller.enqueue(new Uint8Array(chunk).fill(0x61));
      },
    });
    return { stream, pulled };
  }

  for (const type of ['application/x-www-form-urlencoded', 'application/json']) {
    test(`a huge ${type} sign-in body is a 413 in the error shape, and is not read past the limit`, async () => {
      const { stream, pulled } = countingBody();
      const req = new Request('http://localhost:3000/api/auth/callback/credentials', {
        method: 'POST',
        headers: { host: 'localhost:3000', 'content-type': type },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      const res = await authRoute.POST(req, { params: Promise.resolve({ nextauth: ['callback', 'credentials'] }) });
      expect(res.status).toBe(413);
      expect((await res.json()).error.code).toBe('too_large');
      expect(pulled.bytes).toBeLessThan(1024 * 1024);
    });
  }

  test('a declared Content-Length over the limit is refused before the body is read', async () => {
    const { stream, pulled } = countingBody();
    const req = new Request('http://localhost:3000/api/auth/callback/credentials', {
      method: 'POST',
      headers: { host: 'localhost:3000', 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(8 * 1024 * 1024) },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const res = await authRoute.POST(req, { params: Promise.resolve({ nextauth: ['callback', 'credentials'] }) });
    expect(res.status).toBe(413);
    expect(pulled.bytes).toBeLessThan(1024 * 1024);
  });

  test('an ordinary sign-in form still signs in', async () => {
    const res = await signIn('walker@test.local', 'right-password');
    expect(res.status).toBe(302);
    expect(res.cookies.get('next-auth.session-token')).toBeTruthy();
  });
});
