import NextAuth from 'next-auth';
import { decode, encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { authOptions } from '../../lib/auth/next-auth-options';
import { disconnectDb } from '../../lib/db/client';
import { createUser } from '../../lib/db/users';
import { resetEnvCache } from '../../lib/env';
import { useFreshDatabase } from '../db-harness';

/**
 * next-auth's own endpoints (/api/auth/*) with Lantern's options, through next-auth's request handler (its Node
 * flavour: the App Router one reads cookies from Next's request context, which only a running server has; both hand
 * the same parsed request to the same core), so what a browser gets back is checked without a server.
 */
const secret = () => process.env.NEXTAUTH_SECRET!;

interface Answer { status: number; body: unknown; location?: string; cookies: Map<string, string> }

async function nextAuth(path: string, opts: { query?: Record<string, string>; cookies?: Record<string, string>; form?: Record<string, string> } = {}): Promise<Answer> {
  const answer: Answer = { status: 200, body: undefined, cookies: new Map() };
  const headers = new Map<string, string | string[]>();
  const res = {
    status(code: number) { answer.status = code; return res; },
    getHeader: (name: string) => headers.get(name.toLowerCase()),
    setHeader(name: string, value: string | string[]) { headers.set(name.toLowerCase(), value); return res; },
    end() {},
    send(body: unknown) { answer.body = body; },
    json(body: unknown) { answer.body = body; },
  };
  const req = {
    method: opts.form ? 'POST' : 'GET',
    query: { nextauth: path.split('/'), ...opts.query },
    body: opts.form,
    cookies: opts.cookies ?? {},
    headers: { host: 'localhost:3000' },
  };
  await (NextAuth as unknown as (req: unknown, res: unknown, options: unknown) => Promise<void>)(req, res, authOptions());
  for (const c of [headers.get('set-cookie') ?? []].flat()) {
    const [pair] = c.split(';');
    const eq = pair.indexOf('=');
    answer.cookies.set(pair.slice(0, eq), decodeURIComponent(pair.slice(eq + 1)));
  }
  answer.location = headers.get('location') as string | undefined;
  return answer;
}

async function signIn(email: string, password: string, extra: Record<string, string> = {}) {
  const csrf = await nextAuth('csrf');
  const cookies = { 'next-auth.csrf-token': csrf.cookies.get('next-auth.csrf-token')! };
  return nextAuth('callback/credentials', { cookies, form: { csrfToken: (csrf.body as { csrfToken: string }).csrfToken, email, password, ...extra } });
}

beforeAll(async () => {
  await useFreshDatabase('sqlite');
  await createUser({ email: 'walker@test.local', role: 'viewer', password: 'right-password' });
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
    const user = { sub: 'u-walker', email: 'walker@test.local' };
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
