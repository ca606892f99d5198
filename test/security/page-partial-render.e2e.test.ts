import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLantern, type RunningLantern } from '../e2e/lantern-server';

/**
 * A client-side navigation between two dashboard pages asks the server for the new page only (`RSC: 1` and the
 * router state the client holds in `Next-Router-State-Tree`): the layout both share, the one that sends a
 * signed-out visitor to sign-in, is not rendered again. Anyone can send those two headers, so a page whose data a
 * signed-out caller could read that way leaks it. Needs the built app; no browser.
 */
const DASHBOARD = join(import.meta.dirname, '../../app/(dashboard)');
/** Every static dashboard page (a folder with a page.tsx and no dynamic segment). */
const PAGES = readdirSync(DASHBOARD, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('[') && readdirSync(join(DASHBOARD, d.name)).includes('page.tsx'))
  .map((d) => d.name)
  .sort();
/** What the demo estate puts in the inventory, the APIs and the collectors: none of it is for a signed-out caller. */
const DEMO_DATA = ['example.com', 'Payments API', 'demo-traffic', 'pathTemplate'];

/** The router state of a client showing `/<page>` inside the dashboard layout. */
function routerState(page: string): string {
  return encodeURIComponent(JSON.stringify(['', { children: ['(dashboard)', { children: [page, { children: ['__PAGE__', {}] }] }] }]));
}

/** A navigation request from `from` to `to`, following only Next's redirect to the same path with its `_rsc` key. */
async function navigate(base: string, from: string, to: string, cookie?: string): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = { rsc: '1', 'next-router-state-tree': routerState(from), ...(cookie ? { cookie } : {}) };
  let url = `${base}/${to}`;
  for (let hop = 0; hop < 3; hop++) {
    const res = await fetch(url, { headers, redirect: 'manual' });
    const location = res.headers.get('location');
    if (location && new URL(location, url).pathname === `/${to}`) {
      url = new URL(location, url).href;
      continue;
    }
    return { status: res.status, body: await res.text() };
  }
  throw new Error(`${to}: redirected in a loop`);
}

describe('dashboard pages under a partial (navigation) render', () => {
  let lantern: RunningLantern;
  beforeAll(async () => {
    lantern = await startLantern();
  });
  afterAll(async () => {
    await lantern?.stop();
  });

  test('the test reaches the pages: signed in, the same requests carry the demo estate', async () => {
    const cookie = await signIn(lantern);
    const seen: Record<string, string[]> = {};
    for (const page of ['apis', 'collectors', 'inventory']) {
      const { status, body } = await navigate(lantern.url, 'settings', page, cookie);
      seen[page] = [String(status), ...DEMO_DATA.filter((d) => body.includes(d))];
    }
    expect(seen).toEqual({
      apis: ['200', 'example.com', 'Payments API'],
      collectors: ['200', 'demo-traffic'],
      inventory: ['200', 'example.com', 'Payments API', 'pathTemplate'],
    });
    expect(PAGES).toEqual(expect.arrayContaining(['apis', 'collectors', 'inventory']));
  });

  test('signed out, no page gives any of its data', async () => {
    const leaks: Record<string, string[]> = {};
    for (const page of PAGES) {
      const { body } = await navigate(lantern.url, page === 'settings' ? 'inventory' : 'settings', page);
      const found = DEMO_DATA.filter((d) => body.includes(d));
      if (found.length > 0) leaks[page] = found;
    }
    expect(leaks).toEqual({});
  });
});

/** next-auth's credentials sign-in, as the sign-in form posts it; the session cookie as a Cookie header. */
async function signIn(lantern: RunningLantern): Promise<string> {
  const csrfRes = await fetch(`${lantern.url}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const jar = csrfRes.headers.getSetCookie().map((c) => c.split(';')[0]);
  const res = await fetch(`${lantern.url}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: lantern.url, cookie: jar.join('; ') },
    body: new URLSearchParams({ csrfToken, email: lantern.adminEmail, password: lantern.adminPassword }),
  });
  const session = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('next-auth.session-token='));
  if (!session) throw new Error(`sign-in failed: ${res.status}`);
  return session;
}
