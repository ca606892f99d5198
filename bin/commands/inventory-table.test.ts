import { expect, test } from 'vitest';
import type { InventoryExport } from '../../lib/db/inventory-export';
import { formatInventory } from './inventory-table';

type Endpoint = InventoryExport['endpoints'][number];

function endpoint(row: Pick<Endpoint, 'state' | 'method' | 'host' | 'path' | 'requests' | 'triage' | 'api' | 'owner'>): Endpoint {
  return {
    operationId: null, triageNote: null, firstSeen: '2026-12-07T04:00:00.000Z', lastSeen: '2026-12-07T04:00:00.000Z', ignored: false,
    statuses: {}, latency: null, authKinds: {}, sensitive: [], findings: [], ...row,
  };
}

test('inventory text: a header, columns as wide as their widest cell whatever the path or slug, counts right-aligned', () => {
  // Until 7 Dec: no header, and fixed widths, so a path past 60 characters or a longer API slug pushed the rest of its
  // line out of line, and the owner column stood wherever the API's slug ended.
  const long = `/v1/organisations/{organisationId}/projects/{projectId}/environments/{environmentId}`;
  const inv = {
    endpoints: [
      endpoint({ state: 'documented', method: 'GET', host: 'api.test', path: '/v1/pets', requests: 1234567, triage: 'new', api: 'petstore', owner: 'group:default/pets' }),
      endpoint({ state: 'shadow', method: 'DELETE', host: 'api.test', path: long, requests: 3, triage: 'acknowledged', api: 'organisations-admin', owner: null }),
      endpoint({ state: 'zombie', method: 'POST', host: 'api.test', path: '/y/\u001b[2J', requests: 12, triage: 'new', api: null, owner: 'group:default/edge' }),
    ],
    unused: [
      { method: 'POST', path: '/v1/pets', operationId: 'createPets', specId: 's', api: 'petstore', deprecated: false },
      { method: 'DELETE', path: '/v1/organisations/{organisationId}', operationId: null, specId: 's', api: 'organisations-admin', deprecated: false },
    ],
  } as unknown as InventoryExport;
  expect(formatInventory(inv).split('\n')).toEqual([
    'STATE       METHOD  ENDPOINT                                                                                      REQUESTS  TRIAGE        API                  OWNER',
    'documented  GET     api.test/v1/pets                                                                               1234567  new           petstore             group:default/pets',
    'shadow      DELETE  api.test/v1/organisations/{organisationId}/projects/{projectId}/environments/{environmentId}         3  acknowledged  organisations-admin  -',
    'zombie      POST    api.test/y/%1B[2J                                                                                   12  new           -                    group:default/edge',
    '',
    '3 endpoints: 1 documented, 1 shadow, 1 zombie',
    '',
    'unused operations (2):',
    '  POST    /v1/pets                            createPets  (petstore)',
    '  DELETE  /v1/organisations/{organisationId}              (organisations-admin)',
    '',
  ]);
});

test('an empty inventory is its count alone, with no header over nothing', () => {
  expect(formatInventory({ endpoints: [], unused: [] } as unknown as InventoryExport)).toBe('0 endpoints: 0 documented, 0 shadow, 0 zombie\n');
});
