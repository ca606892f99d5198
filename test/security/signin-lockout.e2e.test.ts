import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLantern, type RunningLantern } from '../e2e/lantern-server';

/**
 * Sign-in lockout through the real next-auth endpoints of a running server (CSRF token, credentials callback,
 * session cookie): five wrong passwords lock the account, so the right one no longer opens a session.
 */
describe('sign-in lockout on a running server', () => {
  let lantern: RunningLantern;
  beforeAll(async () => {
    lantern = await startLantern({ LANTERN_DEMO: '0' });
  });
  afterAll(() => lantern?.stop());

  /** One credentials sign-in as a browser form would do it; true when a session cookie comes back. */
  async function signIn(password: string): Promise<boolean> {
    const csrf = await fetch(`${lantern.url}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const res = await fetch(`${lantern.url}/api/auth/callback/credentials`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: lantern.url },
      body: new URLSearchParams({ csrfToken, email: lantern.adminEmail, password, json: 'true' }),
    });
    return res.headers.getSetCookie().some((c) => c.startsWith('next-auth.session-token='));
  }

  test('the right password works; after five wrong ones it does not, for now', async () => {
    expect(await signIn(lantern.adminPassword)).toBe(true);
    for (let i = 0; i < 5; i++) expect(await signIn(`wrong-${i}`)).toBe(false);
    expect(await signIn(lantern.adminPassword)).toBe(false);
  });
});
