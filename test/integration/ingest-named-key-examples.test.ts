import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { ingestBatch } from '../../lib/db/ingest-pipeline';
import { registerSpec } from '../../lib/db/spec-registry';
import type { EndpointObservation } from '../../lib/inventory/observation';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { observation } from './spec-registry-helpers';

const DARK_SKY = `openapi: 3.0.3
info: { title: Dark Sky, version: '1' }
servers: [{ url: 'https://api.darksky.example' }]
paths:
  /forecast/{key}/{latitude},{longitude}:
    get:
      parameters:
        - { name: key, in: path, required: true, schema: { type: string } }
        - { name: latitude, in: path, required: true, schema: { type: number } }
        - { name: longitude, in: path, required: true, schema: { type: number } }
      responses: { '200': { description: ok } }
`;
const KEY = 'cafe0123456789abcdef0123456789ab';

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`a key under a parameter the spec names {key}, pushed by a collector without the spec, on ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
      expect((await registerSpec({ apiSlug: 'darksky', text: DARK_SKY, actor: 'system' })).status).toBe('created');
    });
    afterAll(() => disconnectDb());

    test('lands on the documented endpoint with the key redacted from its example paths', async () => {
      // The collector named the hex `{hash}`, as it names a commit's SHA; classification re-keys the row to the spec's
      // template. Until 7 Dec the key stayed in the documented row's example paths.
      const o: EndpointObservation = { ...observation('api.darksky.example', 'GET', '/forecast/{hash}/37.8,-122.4', 2, { day: '2026-12-06' }), examplePaths: [`/forecast/${KEY}/37.8,-122.4`] };
      expect((await ingestBatch({ idempotencyKey: `test-${randomUUID()}`, collector: { name: 'edge', kind: 'pcap' }, observations: [o], stats: {} })).status).toBe('applied');
      const rows = await db().endpoint.findMany({ select: { pathTemplate: true, state: true, examplePaths: true } });
      expect(rows).toEqual([{ pathTemplate: '/forecast/{key}/{latitude},{longitude}', state: 'documented', examplePaths: ['/forecast/{redacted}/37.8,-122.4'] }]);
    });

    test('a row the collector templated over several coordinates lands there too, the key redacted', async () => {
      // Two calls made `/forecast/{forecastId}/{param}` without the spec: until 7 Dec it matched no operation (`{param}`
      // has no `,`), so it stayed a shadow beside the documented endpoint, the key in its example paths.
      const KEY2 = 'beef0123456789abcdef0123456789ab';
      const o: EndpointObservation = { ...observation('api.darksky.example', 'GET', '/forecast/{forecastId}/{param}', 3, { day: '2026-12-06' }), examplePaths: [`/forecast/${KEY}/40.7,-74.0`, `/forecast/${KEY2}/51.5,-0.1`] };
      expect((await ingestBatch({ idempotencyKey: `test-${randomUUID()}`, collector: { name: 'edge', kind: 'pcap' }, observations: [o], stats: {} })).status).toBe('applied');
      const rows = await db().endpoint.findMany({ select: { pathTemplate: true, state: true, requestCount: true, examplePaths: true } });
      expect(rows).toEqual([{ pathTemplate: '/forecast/{key}/{latitude},{longitude}', state: 'documented', requestCount: 5n, examplePaths: ['/forecast/{redacted}/37.8,-122.4', '/forecast/{redacted}/40.7,-74.0', '/forecast/{redacted}/51.5,-0.1'] }]);
    });
  });
}

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`the same row stored before the spec was registered, on ${kind}`, () => {
    beforeAll(() => useFreshDatabase(kind));
    afterAll(() => disconnectDb());

    test('registering the spec moves it to the documented endpoint and redacts the key', async () => {
      // Until 7 Dec registration matched the stored `/forecast/{forecastId}/{param}` alone, without its example paths:
      // no operation, so the row stayed a shadow of the API with the key in its example paths.
      const examplePaths = [`/forecast/${KEY}/40.7,-74.0`, `/forecast/${KEY}/51.5,-0.1`];
      const o: EndpointObservation = { ...observation('api.darksky.example', 'GET', '/forecast/{forecastId}/{param}', 2, { day: '2026-12-06' }), examplePaths };
      expect((await ingestBatch({ idempotencyKey: `test-${randomUUID()}`, collector: { name: 'edge', kind: 'pcap' }, observations: [o], stats: {} })).status).toBe('applied');
      expect(await db().endpoint.findMany({ select: { pathTemplate: true, state: true, examplePaths: true } })).toEqual([{ pathTemplate: '/forecast/{forecastId}/{param}', state: 'shadow', examplePaths }]);
      expect((await registerSpec({ apiSlug: 'darksky', text: DARK_SKY, actor: 'system' })).status).toBe('created');
      const rows = await db().endpoint.findMany({ select: { pathTemplate: true, state: true, examplePaths: true } });
      expect(rows).toEqual([{ pathTemplate: '/forecast/{key}/{latitude},{longitude}', state: 'documented', examplePaths: ['/forecast/{redacted}/40.7,-74.0', '/forecast/{redacted}/51.5,-0.1'] }]);
    });
  });
}
