import { afterAll, beforeAll, expect, test } from 'vitest';
import { encodeSessionToken } from '../../lib/auth/session-cookie';
import { listAuditEvents } from '../../lib/db/audit';
import { disconnectDb } from '../../lib/db/client';
import { createUser, getUserPrincipal } from '../../lib/db/users';
import { useFreshDatabase } from '../db-harness';

// Before: no route listed users or disabled one; the admin's POST /api/users/{id}/sessions/revoke took an id that
// nothing showed. (Who may call them: test/integration/rbac-routes.test.ts.)
let admin: { id: string; headers: Record<string, string> };

beforeAll(async () => {
  await useFreshDatabase('sqlite');
  const user = await createUser({ email: 'root@example.org', role: 'admin', password: 'password123' });
  const cookie = await encodeSessionToken({ sub: user.id }, process.env.NEXTAUTH_SECRET!, 3600);
  admin = { id: user.id, headers: { cookie: `next-auth.session-token=${cookie}`, 'sec-fetch-site': 'same-origin' } };
});
afterAll(() => disconnectDb());

async function call(method: 'GET' | 'POST', path: string, id?: string): Promise<Response> {
  const route = id === undefined ? '../../app/api/users/route' : `../../app/api/users/[id]/${path}/route`;
  const mod = (await import(route)) as Record<string, (req: Request, ctx: unknown) => Promise<Response>>;
  const url = `http://localhost/api/users${id === undefined ? '' : `/${id}/${path}`}`;
  return mod[method](new Request(url, { method, headers: admin.headers }), { params: Promise.resolve(id === undefined ? {} : { id }) });
}

test('GET /api/users lists users with id, role, teams and standing, never a password hash', async () => {
  const res = await call('GET', '');
  expect(res.status).toBe(200);
  const text = await res.text();
  expect(text).not.toMatch(/passwordHash|\$2[aby]\$/);
  expect((JSON.parse(text) as { items: unknown[] }).items).toEqual([
    expect.objectContaining({ id: admin.id, email: 'root@example.org', role: 'admin', teams: [], disabled: false, signsInWith: 'password' }),
  ]);
});

test('POST /api/users/{id}/disable ends the user\'s sessions at once, audited once; enable lets them sign in anew', async () => {
  const dana = await createUser({ email: 'dana@example.org', role: 'viewer', password: 'password123' });
  const before = Date.now() - 1000;
  expect((await call('POST', 'disable', dana.id)).status).toBe(204);
  expect(await getUserPrincipal(dana.id, before)).toBeNull();
  expect((await call('POST', 'disable', dana.id)).status).toBe(204);
  const listed = ((await (await call('GET', '')).json()) as { items: { email: string; disabled: boolean }[] }).items;
  expect(listed.find((u) => u.email === 'dana@example.org')?.disabled).toBe(true);
  expect((await call('POST', 'enable', dana.id)).status).toBe(204);
  expect(await getUserPrincipal(dana.id, before)).toBeNull();
  expect(await getUserPrincipal(dana.id, Date.now() + 1000)).not.toBeNull();
  const audit = (await listAuditEvents()).filter((e) => e.targetId === dana.id).map((e) => [e.actor, e.action, e.summary]);
  expect(audit).toEqual([
    ['user:root@example.org', 'user.enable', 'enabled dana@example.org'],
    ['user:root@example.org', 'user.disable', 'disabled dana@example.org'],
  ]);
});

test('an unknown id is a 404; an admin disabling their own account is refused (409), still signed in', async () => {
  for (const path of ['disable', 'enable']) {
    const res = await call('POST', path, 'does-not-exist');
    expect([res.status, ((await res.json()) as { error: { code: string } }).error.code], path).toEqual([404, 'not_found']);
  }
  const own = await call('POST', 'disable', admin.id);
  expect([own.status, ((await own.json()) as { error: { message: string } }).error.message]).toEqual([409, 'you cannot disable your own account']);
  expect(await getUserPrincipal(admin.id, Date.now())).not.toBeNull();
});
