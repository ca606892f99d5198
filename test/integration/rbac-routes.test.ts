import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { encodeSessionToken } from '../../lib/auth/session-cookie';
import type { TokenScope } from '../../lib/auth/roles';
import { disconnectDb } from '../../lib/db/client';
import { createApiToken, revokeApiToken } from '../../lib/db/tokens';
import { createUser } from '../../lib/db/users';
import { isRefusal } from '../../lib/http/other-methods';
import { useFreshDatabase } from '../db-harness';

/**
 * Every route handler × every kind of caller. The expectations below are written out by hand (not derived from
 * lib/auth/permissions.ts) so a wrong entry in the permission table, or a handler that forgets the wrapper, fails.
 * A new route file or method that is missing here fails the "every route is covered" test.
 * The team half of the matrix (owner of this team vs owner of another team, on real fixtures) is
 * test/security/rbac-team-scope.test.ts.
 */
type Caller = 'anonymous' | 'viewer' | 'owner' | 'governance' | 'admin' | 'token:read' | 'token:ingest' | 'token:specs:write' | 'token:revoked';
const ALL: Caller[] = ['viewer', 'owner', 'governance', 'admin', 'token:read', 'token:ingest', 'token:specs:write'];
const PEOPLE: Caller[] = ['viewer', 'owner', 'governance', 'admin'];

const EXPECTED: Record<string, { allowed: Caller[]; public?: boolean; params?: Record<string, string> }> = {
  'GET /api/health': { allowed: [], public: true },
  'POST /api/ingest': { allowed: ['admin', 'token:ingest'] },
  'POST /api/otlp/v1/traces': { allowed: ['admin', 'token:ingest'] },
  'GET /api/ingest/templating': { allowed: ['admin', 'token:ingest'] },
  'GET /api/me': { allowed: ALL },
  'GET /api/endpoints': { allowed: [...PEOPLE, 'token:read'] },
  'GET /api/stats': { allowed: [...PEOPLE, 'token:read'] },
  'GET /api/deprecations': { allowed: [...PEOPLE, 'token:read'] },
  'POST /api/deprecations': { allowed: ['owner', 'admin'] },
  'POST /api/deprecations/[id]/decision': { allowed: ['governance', 'admin'], params: { id: 'does-not-exist' } },
  'GET /api/exports/inventory': { allowed: [...PEOPLE, 'token:read'] },
  'GET /api/inventory': { allowed: [...PEOPLE, 'token:read'] },
  'GET /api/exports/openapi': { allowed: [...PEOPLE, 'token:read'] },
  'GET /api/exports/backstage': { allowed: [...PEOPLE, 'token:read'] },
  'GET /api/apis': { allowed: [...PEOPLE, 'token:read'] },
  'GET /api/alerts': { allowed: [...PEOPLE, 'token:read'] },
  'GET /api/alerts/backlog': { allowed: [...PEOPLE, 'token:read'] },
  'POST /api/alerts/[id]/retry': { allowed: ['admin'], params: { id: 'does-not-exist' } },
  'GET /api/collectors': { allowed: [...PEOPLE, 'token:read'] },
  'GET /api/audit': { allowed: ['governance', 'admin'] },
  'GET /api/tokens': { allowed: ['admin'] },
  'POST /api/tokens': { allowed: ['admin'] },
  'DELETE /api/tokens/[id]': { allowed: ['admin'], params: { id: 'does-not-exist' } },
  'GET /api/apis/[api]': { allowed: [...PEOPLE, 'token:read'], params: { api: 'does-not-exist' } },
  'GET /api/apis/[api]/specs': { allowed: [...PEOPLE, 'token:read'], params: { api: 'does-not-exist' } },
  'POST /api/apis/[api]/specs': { allowed: ['owner', 'admin', 'token:specs:write'], params: { api: 'does-not-exist' } },
  'POST /api/apis/[api]/specs/preview': { allowed: ['owner', 'admin', 'token:specs:write'], params: { api: 'does-not-exist' } },
  'GET /api/apis/[api]/check': { allowed: [...PEOPLE, 'token:read'], params: { api: 'does-not-exist' } },
  'PATCH /api/endpoints/[id]': { allowed: ['owner', 'governance', 'admin'], params: { id: 'does-not-exist' } },
  'GET /api/overrides': { allowed: [...PEOPLE, 'token:read'] },
  'POST /api/overrides': { allowed: ['owner', 'admin'] },
  'DELETE /api/overrides/[id]': { allowed: ['owner', 'admin'], params: { id: 'does-not-exist' } },
  'GET /api/ownership-rules': { allowed: [...PEOPLE, 'token:read'] },
  'POST /api/ownership-rules': { allowed: ['owner', 'admin'] },
  'DELETE /api/ownership-rules/[id]': { allowed: ['owner', 'admin'], params: { id: 'does-not-exist' } },
  'POST /api/users/[id]/sessions/revoke': { allowed: ['admin'], params: { id: 'does-not-exist' } },
  'GET /api/users': { allowed: ['admin'] },
  'POST /api/users/[id]/disable': { allowed: ['admin'], params: { id: 'does-not-exist' } },
  'POST /api/users/[id]/enable': { allowed: ['admin'], params: { id: 'does-not-exist' } },
  // Last on purpose: an allowed caller really ends its own sessions, so its cookie is refused from here on.
  'POST /api/me/sessions/revoke': { allowed: PEOPLE },
};

const APP_API = join(import.meta.dirname, '../../app/api');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return routeFiles(p);
    return name === 'route.ts' ? [p] : [];
  });
}

const headersFor = new Map<Caller, Record<string, string>>();

beforeAll(async () => {
  await useFreshDatabase('sqlite');
  const secret = process.env.NEXTAUTH_SECRET!;
  for (const role of PEOPLE) {
    const user = await createUser({ email: `${role}@test.local`, role: role as 'viewer', password: 'password123' });
    const cookie = await encodeSessionToken({ sub: user.id }, secret, 3600);
    headersFor.set(role, { cookie: `next-auth.session-token=${cookie}`, 'sec-fetch-site': 'same-origin' });
  }
  for (const scope of ['read', 'ingest', 'specs:write'] as TokenScope[]) {
    const { token } = await createApiToken({ name: `t-${scope}`, scopes: [scope] });
    headersFor.set(`token:${scope}` as Caller, { authorization: `Bearer ${token}` });
  }
  const { token, row } = await createApiToken({ name: 'revoked', scopes: ['read', 'ingest', 'specs:write'] });
  await revokeApiToken(row.id);
  headersFor.set('token:revoked', { authorization: `Bearer ${token}` });
  headersFor.set('anonymous', {});
});

afterAll(() => disconnectDb());

const discovered: { key: string; file: string; method: (typeof METHODS)[number] }[] = [];
for (const file of routeFiles(APP_API)) {
  const route = `/api/${relative(APP_API, file).replace(/\/?route\.ts$/, '')}`;
  if (route.startsWith('/api/auth/')) continue; // next-auth's own endpoints: sign-in itself must be reachable
  if (route === '/api/[[...path]]') continue; // the JSON 404 for paths no route serves (test/integration/api-methods.test.ts)
  for (const method of METHODS) discovered.push({ key: `${method} ${route}`, file, method });
}

describe('route-by-role', () => {
  test('every route handler is covered by the expectations table', async () => {
    const exported: string[] = [];
    for (const d of discovered) {
      const mod = (await import(d.file)) as Record<string, unknown>;
      if (typeof mod[d.method] === 'function' && !isRefusal(mod[d.method])) exported.push(d.key);
    }
    expect(exported.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  const callers: Caller[] = ['anonymous', ...ALL, 'token:revoked'];
  for (const [key, rule] of Object.entries(EXPECTED)) {
    for (const caller of callers) {
      const expected = rule.public ? 'allowed' : caller === 'anonymous' || caller === 'token:revoked' ? 401 : rule.allowed.includes(caller) ? 'allowed' : 403;
      test(`${key} as ${caller} → ${expected}`, async () => {
        const [method, route] = key.split(' ');
        const file = join(APP_API, route.replace(/^\/api\//, ''), 'route.ts');
        const mod = (await import(file)) as Record<string, (req: Request, ctx: unknown) => Promise<Response>>;
        const url = `http://localhost${route.replace(/\[(\w+)\]/g, (_, p: string) => rule.params?.[p] ?? 'x')}`;
        const req = new Request(url, {
          method,
          headers: { ...headersFor.get(caller), 'content-type': 'application/json' },
          body: method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify({}),
        });
        const res = await mod[method](req, { params: Promise.resolve(rule.params ?? {}) });
        if (expected === 'allowed') {
          expect([401, 403]).not.toContain(res.status);
          expect(res.status).toBeLessThan(500);
        } else {
          expect(res.status).toBe(expected);
          expect((await res.json()).error.code).toBe(expected === 401 ? 'unauthorized' : 'forbidden');
        }
      });
    }
  }
});
