import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { POST as retryAlert } from '../../app/api/alerts/[id]/retry/route';
import { deliverPendingAlerts } from '../../lib/alerts/deliver-alerts';
import { MAX_ALERT_ATTEMPTS } from '../../lib/alerts/retry-schedule';
import { encodeSessionToken } from '../../lib/auth/session-cookie';
import { db, disconnectDb } from '../../lib/db/client';
import { createUser } from '../../lib/db/users';
import { resetEnvCache } from '../../lib/env';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { receiver } from '../webhook-receiver';

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`retrying an undeliverable alert on ${kind}`, () => {
    const up = receiver();
    const down = receiver();
    const cookies: Record<string, string> = {};
    let upUrl = '';
    const retry = async (id: string, role: string, headers: Record<string, string> = { 'sec-fetch-site': 'same-origin' }) => {
      const res = await retryAlert(new Request(`http://localhost:3000/api/alerts/${id}/retry`, { method: 'POST', headers: { cookie: cookies[role], ...headers } }), { params: Promise.resolve({ id }) });
      return { status: res.status, body: await res.json() };
    };
    const undeliverable = () =>
      db().alert.create({ data: { kind: 'new-shadow', summary: 'new shadow endpoint GET api.test/x', payload: {}, attempts: MAX_ALERT_ATTEMPTS, lastError: 'down.test answered 503', nextAttemptAt: new Date(Date.now() + 3_600_000), sentTo: [] } });

    beforeAll(async () => {
      await useFreshDatabase(kind);
      upUrl = `${await up.start()}/hook`;
      process.env.LANTERN_WEBHOOK_URLS = `${upUrl},${await down.start()}/hook`;
      resetEnvCache();
      for (const role of ['admin', 'governance', 'owner', 'viewer'] as const) {
        const user = await createUser({ email: `${role}@test.local`, role, password: 'password123' });
        cookies[role] = `next-auth.session-token=${await encodeSessionToken({ sub: user.id }, process.env.NEXTAUTH_SECRET!, 3600)}`;
      }
    });
    beforeEach(async () => {
      await db().alert.deleteMany();
      up.requests.length = 0;
      down.requests.length = 0;
      up.on((_req, _body, res) => res.writeHead(204).end());
      down.on((_req, _body, res) => res.writeHead(204).end());
    });
    afterAll(async () => {
      delete process.env.LANTERN_WEBHOOK_URLS;
      resetEnvCache();
      await up.stop();
      await down.stop();
      await disconnectDb();
    });

    test('the next delivery run sends it only to the sinks still missing it, and the retry is audited', async () => {
      // Delivered to the first webhook, then the second refused it on every attempt.
      down.on((_req, _body, res) => res.writeHead(503).end());
      const alert = await db().alert.create({ data: { kind: 'new-shadow', summary: 'new shadow endpoint GET api.test/x', payload: {} } });
      await deliverPendingAlerts();
      const sentTo = (await db().alert.findUniqueOrThrow({ where: { id: alert.id } })).sentTo;
      await db().alert.update({ where: { id: alert.id }, data: { attempts: MAX_ALERT_ATTEMPTS } });
      down.on((_req, _body, res) => res.writeHead(204).end());
      expect(await deliverPendingAlerts()).toEqual({ delivered: 0, failed: 0 });

      expect(await retry(alert.id, 'admin')).toEqual({ status: 200, body: { id: alert.id } });
      const reset = await db().alert.findUniqueOrThrow({ where: { id: alert.id } });
      expect([reset.attempts, reset.nextAttemptAt, reset.leaseOwner, reset.leaseUntil, reset.sentTo]).toEqual([0, null, null, null, sentTo]);
      expect(await deliverPendingAlerts()).toEqual({ delivered: 1, failed: 0 });
      expect([up.requests.length, down.requests.length]).toEqual([1, 2]);
      const events = await db().auditEvent.findMany({ where: { action: 'alert.retry' } });
      expect(events.map((e) => [e.actor, e.targetType, e.targetId, e.summary])).toEqual([
        ['user:admin@test.local', 'alert', alert.id, 'retry delivery of "new shadow endpoint GET api.test/x" (1 sink already took it)'],
      ]);
    });

    test('other roles get 403 and the alert stays undeliverable', async () => {
      const alert = await undeliverable();
      for (const role of ['governance', 'owner', 'viewer']) expect([role, (await retry(alert.id, role)).status]).toEqual([role, 403]);
      expect((await db().alert.findUniqueOrThrow({ where: { id: alert.id } })).attempts).toBe(MAX_ALERT_ATTEMPTS);
    });

    test('a cross-site form post with the admin cookie is refused (CSRF)', async () => {
      const alert = await undeliverable();
      const res = await retry(alert.id, 'admin', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' });
      expect([res.status, res.body.error.code]).toEqual([403, 'cross_site_request']);
      expect((await db().alert.findUniqueOrThrow({ where: { id: alert.id } })).attempts).toBe(MAX_ALERT_ATTEMPTS);
    });

    test('an alert that is not undeliverable, or does not exist, is refused with the one error shape', async () => {
      const pending = await db().alert.create({ data: { kind: 'new-shadow', summary: 'still pending', payload: {}, attempts: 3 } });
      expect(await retry(pending.id, 'admin')).toEqual({ status: 422, body: { error: { code: 'invalid', message: 'only an undeliverable alert can be retried' } } });
      expect(await retry('no-such-alert', 'admin')).toEqual({ status: 404, body: { error: { code: 'not_found', message: 'alert not found' } } });
      expect(await db().auditEvent.count({ where: { action: 'alert.retry', targetId: { in: [pending.id, 'no-such-alert'] } } })).toBe(0);
    });
  });
}
