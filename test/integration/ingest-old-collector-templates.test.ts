import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { searchEndpointIds } from '../../lib/db/endpoint-search';
import { ingestBatch } from '../../lib/db/ingest-pipeline';
import { registerSpec } from '../../lib/db/spec-registry';
import { collectorTemplatingContext } from '../../lib/db/templating-context';
import { createObservationAggregator } from '../../lib/inventory/aggregate-observations';
import type { EndpointObservation, IngestBatch } from '../../lib/inventory/observation';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { observation } from './spec-registry-helpers';

const SHOP = `openapi: 3.0.3
info: { title: Shop, version: '1' }
servers: [{ url: 'https://shop.example.com' }]
paths:
  /orders/{orderId}:
    get: { operationId: getOrder, parameters: [{ name: orderId, in: path, required: true, schema: { type: string } }], responses: { '200': { description: ok } } }
`;
const ACCT = 'acct.example.com';
const SECRETS = /Kx7pQ2mZ|Ab3dEf9h|CANARY|01ARZ3NDEKTSVQRRFFQWXGHFAV/;

function batch(collector: string, observations: EndpointObservation[]): IngestBatch {
  return { idempotencyKey: `test-${randomUUID()}`, collector: { name: collector, kind: 'pcap' }, observations, stats: {} };
}

/** What a current collector sends for these requests: templated with the context the server hands it (`push --server`). */
async function currentObservations(paths: Array<[string, string]>): Promise<EndpointObservation[]> {
  const aggregator = createObservationAggregator(await collectorTemplatingContext());
  for (const [host, path] of paths) aggregator.add({ ts: '2026-12-06T10:00:00.000Z', host, method: 'GET', path, status: 200 });
  return aggregator.observations(new Date('2026-12-07T00:00:00.000Z'));
}

/** What a collector of the 5 Dec morning release (7b49c98) sends: literal templates, example paths as it found them. */
function oldObservation(host: string, path: string, requests: number, examplePaths = [path]): EndpointObservation {
  return { ...observation(host, 'GET', path, requests, { day: '2026-12-06' }), examplePaths };
}

const OLD_BATCH = () =>
  batch('edge-7b49c98', [
    oldObservation(ACCT, '/password/reset/Kx7pQ2mZ', 5),
    // Another code in the same batch: the same endpoint today, summed with the first into one row.
    oldObservation(ACCT, '/password/reset/Ab3dEf9h', 2),
    oldObservation(ACCT, '/v1/key=CANARYshortkey/x', 2),
    oldObservation(ACCT, '/cars;api_key=CANARY2/items', 1),
    // A literal an override names stays one, as the start-up pass keeps it in stored rows.
    oldObservation(ACCT, '/invite/Qw3rTy9x/accept', 4, []),
    // A ULID in a path a spec documents: the spec's template, by classification, as for a stored row.
    oldObservation('shop.example.com', '/orders/01ARZ3NDEKTSVQRRFFQWXGHFAV', 3),
  ]);

/** Every stored text that names an endpoint, as one string to search for what must be gone. */
async function storedText(): Promise<string> {
  const [endpoints, alerts, audit] = await Promise.all([db().endpoint.findMany(), db().alert.findMany(), db().auditEvent.findMany()]);
  return JSON.stringify({ endpoints, alerts, audit }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

async function storedRows() {
  const rows = await db().endpoint.findMany({ select: { host: true, pathTemplate: true, requestCount: true, examplePaths: true } });
  // Sorted here: PostgreSQL's collation may order `{` and `/` otherwise.
  const key = (r: { host: string; pathTemplate: string }) => `${r.host} ${r.pathTemplate}`;
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : 1)).map((r) => [r.host, r.pathTemplate, Number(r.requestCount), r.examplePaths]);
}

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`a collector older than the server pushes on ${kind}`, () => {
    let current: EndpointObservation[];
    beforeAll(async () => {
      await useFreshDatabase(kind);
      expect((await registerSpec({ apiSlug: 'shop', text: SHOP, actor: 'system' })).status).toBe('created');
      await db().pathOverride.create({ data: { host: ACCT, method: '*', pattern: '/invite/Qw3rTy9x', action: 'split' } });
    });
    afterAll(() => disconnectDb());

    test("a current collector's batch is stored exactly as it was sent", async () => {
      current = await currentObservations([
        [ACCT, '/password/reset/Zz9yXw8v'], [ACCT, '/password/reset/Zz9yXw8v'], [ACCT, '/password/reset/Pq5rSt6u'],
        [ACCT, '/1.1/users/me'], [ACCT, '/files/a%2Fb/meta'], [ACCT, '/statuses/1234.json'],
        ['shop.example.com', '/orders/7'],
      ]);
      expect(current.map((o) => o.path)).toEqual([
        '/1.1/users/me', '/files/a%2Fb/meta', '/password/reset/{resetId}', '/statuses/{statusId}.json', '/orders/{orderId}',
      ]);
      expect((await ingestBatch(batch('edge-today', current))).status).toBe('applied');
      expect(await storedRows()).toEqual(current.map((o) => [o.host, o.path, o.evidence.requests, o.examplePaths]));
    });

    test("an old collector's batch lands under today's templates, summed with the current twin, no literal kept", async () => {
      expect((await ingestBatch(OLD_BATCH())).status).toBe('applied');
      expect(await storedRows()).toEqual([
        [ACCT, '/1.1/users/me', 1, ['/1.1/users/me']],
        [ACCT, '/cars/items', 1, ['/cars;api_key={redacted}/items']],
        [ACCT, '/files/a%2Fb/meta', 1, ['/files/a%2Fb/meta']],
        [ACCT, '/invite/Qw3rTy9x/accept', 4, []],
        [ACCT, '/password/reset/{resetId}', 10, ['/password/reset/{redacted}']],
        [ACCT, '/statuses/{statusId}.json', 1, ['/statuses/1234.json']],
        [ACCT, '/v1/{param}/x', 2, ['/v1/key={redacted}/x']],
        ['shop.example.com', '/orders/{orderId}', 4, ['/orders/7', '/orders/{redacted}']],
      ]);
      const reset = await db().endpoint.findFirstOrThrow({ where: { pathTemplate: '/password/reset/{resetId}' }, select: { id: true } });
      const days = await db().endpointDailyStat.findMany({ where: { endpointId: reset.id }, orderBy: { day: 'asc' } });
      expect(days.map((d) => [d.day, d.requests])).toEqual([['2026-12-06', 10n]]);
      expect(await storedText()).not.toMatch(SECRETS);
      // The inventory search (SQLite FTS5 table, PostgreSQL trigram index) finds no code and the endpoint by its template.
      expect([await searchEndpointIds('Kx7pQ2mZ'), await searchEndpointIds('CANARY'), await searchEndpointIds('reset/{resetId}')]).toEqual([[], [], [reset.id]]);
    });

    test('the same old batch retried is not counted again', async () => {
      const retried = OLD_BATCH();
      expect((await ingestBatch(retried)).status).toBe('applied');
      const before = await storedRows();
      expect((await ingestBatch(retried)).status).toBe('duplicate');
      expect(await storedRows()).toEqual(before);
      expect(before.find((r) => r[1] === '/password/reset/{resetId}')?.[2]).toBe(17);
    });
  });
}
