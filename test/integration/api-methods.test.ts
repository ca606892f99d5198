import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';
import * as unknownRoute from '../../app/api/[[...path]]/route';
import { isRefusal } from '../../lib/http/other-methods';

/**
 * Methods a route does not serve, and paths no route serves, answer in the one error shape like everything else
 * under /api: 405 `method_not_allowed` with an Allow header, 404 `not_found` — not Next's empty 405 or HTML 404.
 * Every route file is walked, so a new one that forgets `refuseOtherMethods` fails here.
 */
const APP_API = join(import.meta.dirname, '../../app/api');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Handler = (req: Request, ctx: unknown) => Promise<Response> | Response;

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return routeFiles(p);
    return name === 'route.ts' ? [p] : [];
  });
}

const call = (handler: Handler, method: string, path: string) =>
  handler(new Request(`http://localhost${path}`, { method, headers: { 'content-type': 'application/json' } }), { params: Promise.resolve({}) });

test('every route answers the methods it does not serve with a JSON 405 and an Allow header listing those it does', async () => {
  const files = routeFiles(APP_API).filter((f) => !f.includes('[[...path]]'));
  expect(files.length).toBeGreaterThan(25);
  for (const file of files) {
    const route = `/api/${relative(APP_API, file).replace(/\/?route\.ts$/, '')}`;
    const mod = (await import(file)) as Record<string, Handler>;
    const served = METHODS.filter((m) => !isRefusal(mod[m]));
    const allow = [...served, ...(served.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].sort().join(', ');
    for (const method of METHODS) {
      expect(typeof mod[method], `${method} ${route}`).toBe('function');
      if (served.includes(method)) continue;
      const res = await call(mod[method], method, route);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect([res.status, res.headers.get('allow'), body.error.code], `${method} ${route}`).toEqual([405, allow, 'method_not_allowed']);
    }
    const options = await call(mod.OPTIONS, 'OPTIONS', route);
    expect([options.status, options.headers.get('allow')], `OPTIONS ${route}`).toEqual([204, allow]);
  }
});

test('the routes the bug bash tried answer as the table of routes says', async () => {
  const revoke = (await import('../../app/api/me/sessions/revoke/route')) as unknown as Record<string, Handler>;
  const ingest = (await import('../../app/api/ingest/route')) as unknown as Record<string, Handler>;
  const api = (await import('../../app/api/apis/[api]/route')) as unknown as Record<string, Handler>;
  const answers = [];
  for (const [mod, method, path] of [[revoke, 'GET', '/api/me/sessions/revoke'], [ingest, 'PUT', '/api/ingest'], [api, 'DELETE', '/api/apis/payments']] as const) {
    const res = await call(mod[method], method, path);
    answers.push([res.status, res.headers.get('allow'), ((await res.json()) as { error: { code: string } }).error.code]);
  }
  expect(answers).toEqual([
    [405, 'OPTIONS, POST', 'method_not_allowed'],
    [405, 'OPTIONS, POST', 'method_not_allowed'],
    [405, 'GET, HEAD, OPTIONS', 'method_not_allowed'],
  ]);
});

test('a path no route serves is a JSON 404 for every method', async () => {
  for (const method of [...METHODS, 'OPTIONS'] as const) {
    const res = await call(unknownRoute[method], method, '/api/nonexistent');
    expect([res.status, res.headers.get('content-type'), ((await res.json()) as { error: { code: string } }).error.code], method).toEqual([404, 'application/json', 'not_found']);
  }
  const head = await call(unknownRoute.HEAD, 'HEAD', '/api/nonexistent');
  expect(head.status).toBe(404);
});
