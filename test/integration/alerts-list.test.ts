import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { GET as getAlerts } from '../../app/api/alerts/route';
import { MAX_ALERT_ATTEMPTS } from '../../lib/alerts/retry-schedule';
import { db, disconnectDb } from '../../lib/db/client';
import { createApiToken } from '../../lib/db/tokens';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`GET /api/alerts on ${kind}`, () => {
    let token = '';
    const ids: Record<string, string> = {};
    const list = async (query: string) => {
      const res = await getAlerts(new Request(`http://lantern.test/api/alerts${query}`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({}) });
      return { status: res.status, body: await res.json() };
    };

    beforeAll(async () => {
      await useFreshDatabase(kind);
      token = (await createApiToken({ name: 'alerts-list', scopes: ['read'] })).token;
      const seen = new Date('2026-11-01T10:00:00Z');
      const endpoint = await db().endpoint.create({ data: { host: 'api.test', method: 'GET', pathTemplate: '/x', firstSeen: seen, lastSeen: seen } });
      const at = (minute: number) => new Date(`2026-11-02T10:0${minute}:00Z`);
      ids.delivered = (await db().alert.create({ data: { kind: 'new-shadow', summary: 'new shadow endpoint GET api.test/x', endpointId: endpoint.id, createdAt: at(1), deliveredAt: at(2), sentTo: ['event-file', 'webhook:0123456789abcdef'] } })).id;
      ids.pending = (await db().alert.create({ data: { kind: 'zombie-traffic', summary: 'traffic to zombie endpoint GET api.test/x', endpointId: endpoint.id, createdAt: at(3), attempts: 2, nextAttemptAt: at(5), lastError: 'hook.test answered 503' } })).id;
      // An older row whose error still holds the webhook's URL (path and query are its secret): only the host is shown.
      ids.undeliverable = (await db().alert.create({ data: { kind: 'zombie-traffic', summary: 'traffic to zombie endpoint GET api.test/gone', createdAt: at(4), attempts: MAX_ALERT_ATTEMPTS, lastError: 'fetch https://hooks.slack.com/services/T0/B0/s3cret?k=v failed: ECONNRESET' } })).id;
    });
    afterAll(() => disconnectDb());

    test('lists alerts newest first with where each stands with its sinks', async () => {
      const { status, body } = await list('');
      expect(status).toBe(200);
      expect(body).toEqual({
        total: 3,
        page: 1,
        pageSize: 50,
        items: [
          { id: ids.undeliverable, kind: 'zombie-traffic', summary: 'traffic to zombie endpoint GET api.test/gone', createdAt: '2026-11-02T10:04:00.000Z', endpointId: null, delivery: { state: 'undeliverable', attempts: MAX_ALERT_ATTEMPTS, lastError: 'fetch hooks.slack.com failed: ECONNRESET' } },
          { id: ids.pending, kind: 'zombie-traffic', summary: 'traffic to zombie endpoint GET api.test/x', createdAt: '2026-11-02T10:03:00.000Z', endpointId: expect.any(String), delivery: { state: 'pending', attempts: 2, nextAttemptAt: '2026-11-02T10:05:00.000Z', lastError: 'hook.test answered 503' } },
          { id: ids.delivered, kind: 'new-shadow', summary: 'new shadow endpoint GET api.test/x', createdAt: '2026-11-02T10:01:00.000Z', endpointId: expect.any(String), delivery: { state: 'delivered', deliveredAt: '2026-11-02T10:02:00.000Z', sinks: 2 } },
        ],
      });
    });

    test('pages and filters by kind', async () => {
      const { body } = await list('?kind=zombie-traffic&page=2&pageSize=1');
      expect([body.total, body.page, body.pageSize, body.items.map((a: { id: string }) => a.id)]).toEqual([2, 2, 1, [ids.pending]]);
    });

    test('refuses an unknown kind with the one error shape', async () => {
      const { status, body } = await list('?kind=everything');
      expect([status, body.error.code]).toEqual([400, 'invalid_request']);
    });
  });
}
