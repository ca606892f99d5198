import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { ingestBatch } from '../../lib/db/ingest-pipeline';
import { collectorTemplatingContext } from '../../lib/db/templating-context';
import { createObservationAggregator } from '../../lib/inventory/aggregate-observations';
import type { IngestBatch } from '../../lib/inventory/observation';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';

// Until 6 Dec a published name or an API version after a secret's word (`/auth/oauth2/token`) was a short token: its
// row was stored as `/auth/{authId}/token`, its examples `{redacted}` there, which nothing can turn back. Today's
// collectors keep the literal; its traffic lands on that row, as it always did, not on a new one beside it.
const HOST = 'id.example.com';

async function storedRows() {
  const rows = await db().endpoint.findMany({ where: { host: HOST }, select: { pathTemplate: true, requestCount: true, examplePaths: true } });
  return rows.map((r) => [r.pathTemplate, Number(r.requestCount), [...(r.examplePaths as string[])].sort()]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

async function storeOld(pathTemplate: string, requests: number, examplePaths: string[]): Promise<void> {
  await db().endpoint.create({
    data: { host: HOST, method: 'POST', pathTemplate, firstSeen: new Date('2026-12-01T10:00:00Z'), lastSeen: new Date('2026-12-01T11:00:00Z'), requestCount: BigInt(requests), state: 'shadow', examplePaths },
  });
}

async function ingestToday(paths: Record<string, number>): Promise<IngestBatch['observations']> {
  const aggregator = createObservationAggregator(await collectorTemplatingContext());
  for (const [path, n] of Object.entries(paths)) for (let i = 0; i < n; i++) aggregator.add({ ts: '2026-12-06T10:00:00.000Z', host: HOST, method: 'POST', path, status: 200 });
  const observations = aggregator.observations(new Date('2026-12-07T00:00:00.000Z'));
  const batch: IngestBatch = { idempotencyKey: `test-${randomUUID()}`, collector: { name: 'edge', kind: 'log' }, observations, stats: {} };
  expect((await ingestBatch(batch)).status).toBe('applied');
  return observations;
}

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`rows stored with a published name redacted on ${kind}`, () => {
    beforeAll(() => useFreshDatabase(kind));
    afterAll(() => disconnectDb());

    test("today's literal lands on the row stored with a parameter there, busy as it is", async () => {
      await storeOld('/auth/{authId}/token', 10, ['/auth/{redacted}/token']);
      await storeOld('/webhooks/{webhookId}/list', 10, ['/webhooks/{redacted}/list']);
      const sent = await ingestToday({ '/auth/oauth2/token': 8, '/webhooks/v2beta1/list': 9 });
      expect(sent.map((o) => o.path).sort()).toEqual(['/auth/oauth2/token', '/webhooks/v2beta1/list']);
      expect(await storedRows()).toEqual([
        ['/auth/{authId}/token', 18, ['/auth/oauth2/token', '/auth/{redacted}/token']],
        ['/webhooks/{webhookId}/list', 19, ['/webhooks/v2beta1/list', '/webhooks/{redacted}/list']],
      ]);
      // And the next batch, the row's examples showing the name now.
      await ingestToday({ '/auth/oauth2/token': 30 });
      expect((await storedRows())[0]).toEqual(['/auth/{authId}/token', 48, ['/auth/oauth2/token', '/auth/{redacted}/token']]);
    });

    test("words joined by separators after a secret's word land on the row stored with a parameter there", async () => {
      // Until 6 Dec Shopify's `/admin/oauth/access_scopes.json` was `/admin/oauth/{oauthId}`, its examples `{redacted}`.
      await storeOld('/admin/oauth/{oauthId}', 5, ['/admin/oauth/{redacted}']);
      const sent = await ingestToday({ '/admin/oauth/access_scopes.json': 4 });
      expect(sent.map((o) => o.path)).toEqual(['/admin/oauth/access_scopes.json']);
      expect((await storedRows()).filter((r) => String(r[0]).startsWith('/admin/'))).toEqual([
        ['/admin/oauth/{oauthId}', 9, ['/admin/oauth/access_scopes.json', '/admin/oauth/{redacted}']],
      ]);
    });

    test('a row whose examples show other values there is no such row: the literal is an endpoint of its own', async () => {
      await storeOld('/keys/{keyId}', 10, ['/keys/12', '/keys/13']);
      await ingestToday({ '/keys/rsa4096': 8 });
      expect((await storedRows()).filter((r) => String(r[0]).startsWith('/keys/'))).toEqual([
        ['/keys/rsa4096', 8, ['/keys/rsa4096']],
        ['/keys/{keyId}', 10, ['/keys/12', '/keys/13']],
      ]);
    });
  });
}
