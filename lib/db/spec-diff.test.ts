import { readFile } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { SHARED_FIXTURES } from '../../test/require';
import { loadSpecDocument } from '../openapi/load-spec';
import type { NormalisedSpec } from '../openapi/spec-model';
import { diffOperations, diffOperationsOf, withServers } from './spec-diff';

const ok = { responses: { '200': { description: 'ok' } } };

async function load(doc: Record<string, unknown>): Promise<NormalisedSpec> {
  const r = await loadSpecDocument('s', { info: { title: 't', version: '1' }, ...doc });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.spec;
}

const diff = (before: NormalisedSpec, after: NormalisedSpec) => diffOperations({ id: 'a', version: '1', operations: diffOperationsOf(before) }, diffOperationsOf(after));

test('a base path moved (/v1 → /v2) moves every operation: the same requests no longer reach them', async () => {
  // Before: the diff compared spec paths only, so this push showed "No operation changes".
  const paths = { '/users': { get: ok }, '/users/{id}': { get: { ...ok, parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] } } };
  const v1 = await load({ openapi: '3.0.3', servers: [{ url: 'https://api.x.com/v1' }], paths });
  const v2 = await load({ openapi: '3.0.3', servers: [{ url: 'https://api.x.com/{version}', variables: { version: { default: 'v2' } } }], paths });
  expect(diff(v1, v2)).toEqual({
    previousSpecId: 'a',
    previousVersion: '1',
    added: [],
    removed: [],
    newlyDeprecated: [],
    moved: [
      { method: 'GET', path: '/users', from: ['api.x.com/v1'], to: ['api.x.com/v2'] },
      { method: 'GET', path: '/users/{id}', from: ['api.x.com/v1'], to: ['api.x.com/v2'] },
    ],
  });
  // Swagger 2.0's host and basePath are its server; a trailing slash or another server order is no move.
  const swaggerPaths = { '/users': { get: ok }, '/users/{id}': { get: { ...ok, parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }] } } };
  const swagger = await load({ swagger: '2.0', host: 'api.x.com', basePath: '/v1/', paths: swaggerPaths });
  expect(diff(swagger, v1).moved).toEqual([]);
  expect(diff(swagger, v2).moved).toHaveLength(2);
  const two = await load({ openapi: '3.0.3', servers: [{ url: '/v1' }, { url: 'https://api.x.com/v1' }], paths });
  const twoSwapped = await load({ openapi: '3.0.3', servers: [{ url: 'https://api.x.com/v1/' }, { url: '/v1' }], paths });
  expect(diff(two, twoSwapped).moved).toEqual([]);
});

test('a path-level or operation-level servers override is where those operations are served', async () => {
  const v1 = await load({ openapi: '3.1.0', servers: [{ url: 'https://api.x.com' }], paths: { '/files': { get: ok, post: ok }, '/me': { get: ok } } });
  const v2 = await load({
    openapi: '3.1.0',
    servers: [{ url: 'https://api.x.com' }],
    paths: { '/files': { servers: [{ url: 'https://files.x.com/storage' }], get: ok, post: { ...ok, servers: [{ url: 'https://upload.x.com' }] } }, '/me': { get: ok } },
  });
  expect(diff(v1, v2).moved).toEqual([
    { method: 'GET', path: '/files', from: ['api.x.com/'], to: ['files.x.com/storage'] },
    { method: 'POST', path: '/files', from: ['api.x.com/'], to: ['upload.x.com/'] },
  ]);
});

test('stored operations keep their own deprecation and take their servers from their spec; no spec, no move', async () => {
  const v1 = await load({ openapi: '3.0.3', servers: [{ url: '/v1' }], paths: { '/a': { get: ok } } });
  const v2 = await load({ openapi: '3.0.3', servers: [{ url: '/v2' }], paths: { '/a': { get: { ...ok, deprecated: true } } } });
  const stored = [{ method: 'GET', path: '/a', deprecated: true }];
  expect(diffOperations({ id: 'a', version: '1', operations: withServers(stored, v1) }, diffOperationsOf(v2))).toMatchObject({
    newlyDeprecated: [],
    moved: [{ method: 'GET', path: '/a', from: ['/v1'], to: ['/v2'] }],
  });
  expect(diffOperations({ id: 'a', version: '1', operations: withServers(stored, undefined) }, diffOperationsOf(v2)).moved).toEqual([]);
});

test('an operation given a sunset date is newly deprecated, as a sunset declares the deprecation', async () => {
  // Before: only `deprecated: true` counted, so a version setting `x-sunset` on an operation showed no change.
  const v1 = await load({ openapi: '3.0.3', paths: { '/a': { get: ok }, '/b': { get: { ...ok, 'x-sunset': '2027-01-01' } } } });
  const v2 = await load({ openapi: '3.0.3', paths: { '/a': { get: { ...ok, 'x-sunset': '2027-01-01' } }, '/b': { get: { ...ok, deprecated: true, 'x-sunset': '2027-01-01' } } } });
  expect(diff(v1, v2).newlyDeprecated).toEqual([{ method: 'GET', path: '/a' }]);
});

test("a version prefix moved from Docker's basePath into every path is no change: no URL changed", async () => {
  // Before: +106/−106, every operation removed and added under its new path.
  const text = await readFile(`${SHARED_FIXTURES}specs/docker__engine_api_v1.41.yaml`, 'utf8');
  const parse = async (t: string) => {
    const r = await loadSpecDocument('docker', parseYaml(t) as Record<string, unknown>);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return r.spec;
  };
  const v141 = await parse(text);
  const prefixed = await parse(text.replace('basePath: "/v1.41"', 'basePath: "/"').replace(/^ {2}\/(.*):$/gm, '  /v1.41/$1:'));
  expect(v141.operations).toHaveLength(106);
  expect(prefixed.operations[0].path.startsWith('/v1.41/')).toBe(true);
  expect(diff(v141, prefixed)).toEqual({ previousSpecId: 'a', previousVersion: '1', added: [], removed: [], newlyDeprecated: [], moved: [] });
  expect(diff(prefixed, v141)).toEqual({ previousSpecId: 'a', previousVersion: '1', added: [], removed: [], newlyDeprecated: [], moved: [] });
  // A prefix that changes the URL is still a change.
  const v142 = await parse(text.replace('basePath: "/v1.41"', 'basePath: "/"').replace(/^ {2}\/(.*):$/gm, '  /v1.42/$1:'));
  expect(diff(v141, v142).added).toHaveLength(106);
});

test("a version giving the whole API a sunset or retiring it newly deprecates every operation, as info's x-status does", async () => {
  // Before: `info.x-sunset` or `info.x-lifecycle: retired` added showed "no operation changes".
  const api = (info: Record<string, unknown>) => load({ openapi: '3.0.3', info: { title: 't', version: '1', ...info }, paths: { '/a': { get: ok }, '/b': { get: { ...ok, deprecated: true } } } });
  const live = await api({});
  expect(diff(live, await api({ 'x-sunset': '2027-01-01' })).newlyDeprecated).toEqual([{ method: 'GET', path: '/a' }]);
  expect(diff(live, await api({ 'x-lifecycle': 'retired' })).newlyDeprecated).toEqual([{ method: 'GET', path: '/a' }]);
  // Already declared by the API's sunset in the stored version before: nothing new.
  const sunset = await api({ 'x-sunset': '2027-01-01' });
  const stored = [{ method: 'GET', path: '/a', deprecated: false }, { method: 'GET', path: '/b', deprecated: true }];
  expect(diffOperations({ id: 'a', version: '1', operations: withServers(stored, sunset) }, diffOperationsOf(await api({ 'x-lifecycle': 'retired' }))).newlyDeprecated).toEqual([]);
});

test('a relative server made absolute with the same base path (or back) is no move: the relative URL is resolved against that host', async () => {
  // Before: `/v1` → `https://pay.test/v1` listed every operation moved from `/v1` to `pay.test/v1`.
  const paths = { '/users': { get: ok }, '/users/{id}': { get: { ...ok, parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] } } };
  const relative = await load({ openapi: '3.0.3', servers: [{ url: '/v1' }], paths });
  const absolute = await load({ openapi: '3.0.3', servers: [{ url: 'https://pay.test/v1' }], paths });
  expect(diff(relative, absolute)).toEqual({ previousSpecId: 'a', previousVersion: '1', added: [], removed: [], newlyDeprecated: [], moved: [] });
  expect(diff(absolute, relative).moved).toEqual([]);
  // The prefix moved into the paths at the same time: still the same URLs.
  const prefixed = await load({ openapi: '3.0.3', servers: [{ url: 'https://pay.test' }], paths: { '/v1/users': paths['/users'], '/v1/users/{id}': paths['/users/{id}'] } });
  expect(diff(relative, prefixed)).toEqual({ previousSpecId: 'a', previousVersion: '1', added: [], removed: [], newlyDeprecated: [], moved: [] });
  // Near misses: another base path, or an absolute server moved to another host, is a move.
  const v2 = await load({ openapi: '3.0.3', servers: [{ url: 'https://pay.test/v2' }], paths });
  expect(diff(relative, v2).moved).toEqual([
    { method: 'GET', path: '/users', from: ['/v1'], to: ['pay.test/v2'] },
    { method: 'GET', path: '/users/{id}', from: ['/v1'], to: ['pay.test/v2'] },
  ]);
  const elsewhere = await load({ openapi: '3.0.3', servers: [{ url: 'https://pay.example/v1' }], paths });
  expect(diff(absolute, elsewhere).moved).toHaveLength(2);
  expect(diff(relative, await load({ openapi: '3.0.3', servers: [{ url: 'https://pay.test' }], paths: { '/v2/users': paths['/users'] } })).added).toHaveLength(1);
});
