import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { applyIngestBatch } from '../../lib/db/ingest';
import { ingestBatch } from '../../lib/db/ingest-pipeline';
import { registerSpec } from '../../lib/db/spec-registry';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { endpointRows, observation } from './spec-registry-helpers';

const SHOP = `openapi: 3.1.0
info: { title: Shop, version: '1' }
servers: [{ url: 'https://shop.example.com' }]
paths:
  /orders:
    get: { operationId: listOrders, responses: { '200': { description: ok } } }
`;

/**
 * A batch is counted in one transaction and classified (and alerted on) after it commits. A server killed in between
 * (a deploy, an OOM) answers nothing, or a classification error answers 500: the collector sends the batch again,
 * and the retry, refused as a duplicate, must still classify what the first attempt counted.
 */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`a retried batch whose first attempt died after counting, on ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
      expect((await registerSpec({ apiSlug: 'shop', text: SHOP, actor: 'system' })).status).toBe('created');
    });
    afterAll(() => disconnectDb());

    test('the retry classifies the endpoints the first attempt counted and raises their alerts, once', async () => {
      const batch = {
        idempotencyKey: 'retry-after-crash-0001',
        collector: { name: 'edge', kind: 'log' as const },
        observations: [observation('shop.example.com', 'GET', '/orders', 3), observation('shop.example.com', 'GET', '/internal/debug', 2)],
        stats: {},
      };
      // The first attempt: counted and committed, then the server died before classifying.
      expect((await applyIngestBatch(batch)).status).toBe('applied');
      // The collector got no answer and sends the batch again.
      const retry = await ingestBatch(batch, { deliver: 'await' });
      expect(retry.status).toBe('duplicate');
      expect(await endpointRows('shop.example.com')).toEqual([
        { host: 'shop.example.com', method: 'GET', path: '/internal/debug', state: 'shadow', requests: 2, triage: 'new', ignored: false },
        { host: 'shop.example.com', method: 'GET', path: '/orders', state: 'documented', requests: 3, triage: 'new', ignored: false },
      ]);
      const alerts = async () => (await db().alert.findMany({ include: { endpoint: true } })).map((a) => `${a.kind} ${a.endpoint?.pathTemplate}`);
      expect(await alerts()).toEqual(['new-shadow /internal/debug']);
      // Once: a further copy of the batch (another pusher, a repeated file) changes nothing.
      expect((await ingestBatch(batch, { deliver: 'await' })).status).toBe('duplicate');
      expect(await alerts()).toEqual(['new-shadow /internal/debug']);
    });

    test('the retry judges as new only what the first attempt created: an endpoint older than the batch raises no new-shadow alert', async () => {
      // GET /orders/export was counted while documented (no alert), and turned shadow when the spec dropped it.
      const withExport = SHOP.replace('paths:\n', "paths:\n  /orders/export:\n    get: { operationId: exportOrders, responses: { '200': { description: ok } } }\n");
      expect((await registerSpec({ apiSlug: 'shop', text: withExport, actor: 'system' })).status).toBe('created');
      const edge = { kind: 'log' as const, name: 'edge' };
      expect((await ingestBatch({ idempotencyKey: 'export-while-documented', collector: edge, observations: [observation('shop.example.com', 'GET', '/orders/export', 1)], stats: {} })).alerts).toBe(0);
      expect((await registerSpec({ apiSlug: 'shop', text: SHOP.replace("version: '1'", "version: '2'"), actor: 'system' })).status).toBe('created');
      const batch = {
        idempotencyKey: 'retry-after-crash-0002',
        collector: edge,
        observations: [observation('shop.example.com', 'GET', '/orders/export', 4), observation('shop.example.com', 'GET', '/internal/trace', 1)],
        stats: {},
      };
      expect((await applyIngestBatch(batch)).status).toBe('applied');
      const retry = await ingestBatch(batch, { deliver: 'await' });
      expect(retry.status).toBe('duplicate');
      expect(retry.alerts).toBe(1);
      const shadows = await db().alert.findMany({ where: { kind: 'new-shadow' }, include: { endpoint: true }, orderBy: { summary: 'asc' } });
      expect(shadows.map((a) => a.endpoint?.pathTemplate)).toEqual(['/internal/debug', '/internal/trace']);
    });

    test('a retried batch as large as collectors make them (1,000 endpoints of one host) is recovered', async () => {
      // SQLite takes at most 999 bound values a statement: the recovery looked the batch's endpoints up with one
      // host and 1,000 paths, failed every time, and the batch never got classified or alerted on.
      const batch = {
        idempotencyKey: 'retry-after-crash-0003',
        collector: { name: 'edge', kind: 'log' as const },
        observations: Array.from({ length: 1000 }, (_, i) => observation('big.example.com', 'GET', `/reports/r${i}`, 1)),
        stats: {},
      };
      expect((await applyIngestBatch(batch)).status).toBe('applied');
      const retry = await ingestBatch(batch, { deliver: 'await' });
      expect(retry.alerts).toBe(1000);
      expect(await db().alert.count({ where: { kind: 'new-shadow', endpoint: { host: 'big.example.com' } } })).toBe(1000);
    });

    test("a retried batch of an older collector is recovered under the templates ingest gave it", async () => {
      // A collector of the 5 Dec morning release sent a reset code as a literal; ingest stored it under today's
      // template (lib/db/template-rules.ts). The recovery looked the batch up as sent, found nothing, and the new
      // shadow was never classified by the batch or alerted on.
      const batch = {
        idempotencyKey: 'retry-after-crash-0004',
        collector: { name: 'edge-7b49c98', kind: 'log' as const },
        observations: [{ ...observation('acct.example.com', 'GET', '/password/reset/Kx7pQ2mZ', 2), examplePaths: ['/password/reset/Kx7pQ2mZ'] }],
        stats: {},
      };
      expect((await applyIngestBatch(batch)).status).toBe('applied');
      const retry = await ingestBatch(batch, { deliver: 'await' });
      expect(retry.alerts).toBe(1);
      const alerts = await db().alert.findMany({ where: { endpoint: { host: 'acct.example.com' } }, include: { endpoint: true } });
      expect(alerts.map((a) => `${a.kind} ${a.endpoint?.pathTemplate}`)).toEqual(['new-shadow /password/reset/{resetId}']);
    });

    test("a retried batch that first answered a scanner's 404-only path raises its new-shadow alert, once", async () => {
      // The first attempt took /wp-login.php from 404 only (no alert: discover leaves it out) to a 200 and died
      // before alerting: the retry must see that transition in what was counted, not in the batch alone.
      const edge = { kind: 'log' as const, name: 'edge' };
      const probe = (statuses: Record<string, number>) => observation('scan.example.com', 'GET', '/wp-login.php', 2, { statuses });
      expect((await ingestBatch({ idempotencyKey: 'probe-404-0001', collector: edge, observations: [probe({ '404': 2 })], stats: {} })).alerts).toBe(0);
      const batch = { idempotencyKey: 'retry-after-crash-0005', collector: edge, observations: [probe({ '200': 1, '404': 1 })], stats: {} };
      expect((await applyIngestBatch(batch)).status).toBe('applied');
      expect((await ingestBatch(batch, { deliver: 'await' })).alerts).toBe(1);
      expect((await ingestBatch(batch, { deliver: 'await' })).alerts).toBe(0);
      const alerts = await db().alert.findMany({ where: { endpoint: { host: 'scan.example.com' } }, include: { endpoint: true } });
      expect(alerts.map((a) => `${a.kind} ${a.endpoint?.pathTemplate}`)).toEqual(['new-shadow /wp-login.php']);
    });

    test('a batch of 500 endpoints on 500 hosts with 500 paths is counted', async () => {
      // Its first lookup bound 500 hosts and 500 paths: 1,000 values, over SQLite's 999, and the batch was refused.
      const observations = Array.from({ length: 500 }, (_, i) => observation(`t${i}.tenants.example.com`, 'GET', `/files/f${i}`, 2));
      const r = await ingestBatch({ idempotencyKey: 'many-hosts-and-paths-0001', collector: { name: 'edge', kind: 'log' }, observations, stats: {} });
      expect(r.created).toHaveLength(500);
      expect((await db().endpoint.aggregate({ where: { host: { endsWith: '.tenants.example.com' } }, _sum: { requestCount: true } }))._sum.requestCount).toBe(1000n);
    });
  });
}
