import { readFile } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { SHARED_FIXTURES } from '../../test/require';
import { loadSpec } from '../openapi/load-spec';
import { createDiscoveryEngine } from './discovery-engine';

const fromDisk = async (path: string) => readFile(path, 'utf8').catch(() => undefined);

/** Host-less log lines (nginx combined) against the real petstore (petstore.swagger.io, basePath /v1). */
async function discover(paths: Array<[string, string]>, defaultHost?: string) {
  const r = await loadSpec('petstore', `${SHARED_FIXTURES}specs/oai__petstore_v2.yaml`, fromDisk);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const e = createDiscoveryEngine({ specs: [r.spec], defaultHost, hideNotFound: true });
  for (const [method, path] of paths) e.addExchange({ ts: '2026-01-02T03:04:05Z', method, path, status: 200 });
  return e.result(new Date('2026-01-10T00:00:00Z')).endpoints.map((x) => `${x.state} ${x.method} ${x.host}${x.path}`);
}

const traffic: Array<[string, string]> = [
  ['GET', '/v1/charges/ch_123'],
  ['GET', '/v1/pets/7/photos'],
  ['DELETE', '/v1/pets/7'],
  ['GET', '/v1/pets/7'],
];

test('--host keeps host-less traffic that matches no documented path; a shared base path alone never claims it', async () => {
  // /tmp/bb-specs-work/one.log: with --host api.stripe.com, /v1/charges/ch_123 was put on petstore.swagger.io
  // because both use /v1.
  expect(await discover(traffic, 'api.stripe.com')).toEqual([
    'shadow GET api.stripe.com/v1/charges/ch_123',
    'shadow GET api.stripe.com/v1/pets/{petId}/photos',
    'shadow DELETE petstore.swagger.io/v1/pets/{petId}',
    'documented GET petstore.swagger.io/v1/pets/{petId}',
  ]);
  // Without --host, an undocumented sub-resource of a documented path is the spec's; a path that shares only
  // the generic /v1 is not.
  expect(await discover(traffic)).toEqual([
    'shadow GET /v1/charges/ch_123',
    'shadow DELETE petstore.swagger.io/v1/pets/{petId}',
    'documented GET petstore.swagger.io/v1/pets/{petId}',
    'shadow GET petstore.swagger.io/v1/pets/{petId}/photos',
  ]);
});
