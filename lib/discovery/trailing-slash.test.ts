import { describe, expect, test } from 'vitest';
import { loadSpecDocument } from '../openapi/load-spec';
import { createDiscoveryEngine } from './discovery-engine';

const ok = { '200': { description: 'ok' } };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer' } };

async function discover(paths: Record<string, unknown>, calls: Array<[string, string]>) {
  const r = await loadSpecDocument('users.yaml', { openapi: '3.0.3', info: { title: 'Users', version: '1' }, servers: [{ url: 'https://api.test' }], paths });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const e = createDiscoveryEngine({ specs: [r.spec], hideNotFound: true });
  for (const [method, path] of calls) e.addExchange({ ts: '2026-01-02T03:04:05Z', host: 'api.test', method, path, status: 200 });
  return e.result(new Date('2026-01-10T00:00:00Z')).endpoints.map((x) => `${x.state} ${x.method} ${x.path}`);
}

const ids = (method: string, shape: (id: number) => string): Array<[string, string]> => [1, 2, 3].map((id) => [method, shape(id)]);

describe('an undocumented method on a spec path is spelled as the spec spells the path', () => {
  test('a Django-style trailing slash is kept on the shadow, as on the documented operation beside it', async () => {
    const paths = { '/api/users/': { get: { responses: ok } }, '/api/users/{id}/': { parameters: [idParam], get: { responses: ok } } };
    expect(await discover(paths, [...ids('GET', (i) => `/api/users/${i}/`), ...ids('PATCH', (i) => `/api/users/${i}/`), ['POST', '/api/users/'], ['GET', '/api/users/']])).toEqual([
      'documented GET /api/users/',
      'shadow POST /api/users/',
      'documented GET /api/users/{id}/',
      'shadow PATCH /api/users/{id}/',
    ]);
  });

  test('whether the request had the slash or not (the slash is not significant in matching)', async () => {
    const paths = { '/api/users/{id}/': { parameters: [idParam], get: { responses: ok } } };
    expect(await discover(paths, ids('DELETE', (i) => `/api/users/${i}`))).toEqual(['shadow DELETE /api/users/{id}/']);
  });

  test('a spec without the slash, and a path no spec has, give no slash', async () => {
    const paths = { '/api/users/{id}': { parameters: [idParam], get: { responses: ok } } };
    expect(await discover(paths, [...ids('PATCH', (i) => `/api/users/${i}/`), ...ids('GET', (i) => `/api/users/${i}/avatar/`)])).toEqual([
      'shadow PATCH /api/users/{id}',
      'shadow GET /api/users/{id}/avatar',
    ]);
  });
});
