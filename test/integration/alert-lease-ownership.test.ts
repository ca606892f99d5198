import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { deliverPendingAlerts } from '../../lib/alerts/deliver-alerts';
import { claimPendingAlerts, markAlertDelivered, markAlertFailed, recordAlertSentTo } from '../../lib/db/alerts';
import { db, disconnectDb } from '../../lib/db/client';
import { resetEnvCache } from '../../lib/env';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { receiver } from '../webhook-receiver';

const HOUR = 3_600_000;

/** The lease lapses (moved into the past, no clock waited on) and another replica claims the alert. */
async function reclaimAsOtherReplica(id: string) {
  await db().alert.update({ where: { id }, data: { leaseUntil: new Date(Date.now() - 1_000) } });
  const now = new Date();
  const won = await claimPendingAlerts({ owner: 'replica-b', now, leaseUntil: new Date(now.getTime() + HOUR), take: 10 });
  expect(won.map((a) => a.id)).toEqual([id]);
}

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`a delivery run that lost its lease on ${kind}`, () => {
    const hook = receiver();
    beforeAll(async () => {
      await useFreshDatabase(kind);
      process.env.LANTERN_WEBHOOK_URLS = `${await hook.start()}/hook`;
      resetEnvCache();
    });
    beforeEach(async () => {
      await db().alert.deleteMany();
      hook.requests.length = 0;
    });
    afterAll(async () => {
      delete process.env.LANTERN_WEBHOOK_URLS;
      resetEnvCache();
      await hook.stop();
      await disconnectDb();
    });

    test('writes no outcome over the replica that re-claimed the alert', async () => {
      const alert = await db().alert.create({ data: { kind: 'new-shadow', summary: 'new shadow endpoint GET api.test/x', payload: {} } });
      const now = new Date();
      expect((await claimPendingAlerts({ owner: 'replica-a', now, leaseUntil: new Date(now.getTime() + HOUR), take: 10 })).map((a) => a.id)).toEqual([alert.id]);
      await reclaimAsOtherReplica(alert.id);
      expect(await recordAlertSentTo(alert.id, 'replica-a', ['event-file'])).toBe(false);
      expect(await markAlertFailed(alert.id, 'replica-a', 'hook.test: HTTP 503', 1, now)).toBe(false);
      expect(await markAlertDelivered(alert.id, 'replica-a')).toBe(false);
      const row = await db().alert.findUniqueOrThrow({ where: { id: alert.id } });
      expect([row.leaseOwner, row.deliveredAt, row.attempts, row.lastError, row.sentTo]).toEqual(['replica-b', null, 0, null, []]);
      expect(await markAlertDelivered(alert.id, 'replica-b')).toBe(true);
    });

    test('skips the alert it lost mid-send instead of marking it delivered', async () => {
      const alert = await db().alert.create({ data: { kind: 'new-shadow', summary: 'new shadow endpoint GET api.test/y', payload: {} } });
      // While the run waits on the webhook, its lease lapses and the other replica takes the alert over.
      hook.on((_req, _body, res) => {
        void reclaimAsOtherReplica(alert.id).then(() => res.writeHead(204).end());
      });
      expect(await deliverPendingAlerts()).toEqual({ delivered: 0, failed: 0 });
      expect(hook.requests).toHaveLength(1);
      const row = await db().alert.findUniqueOrThrow({ where: { id: alert.id } });
      expect([row.leaseOwner, row.deliveredAt, row.sentTo]).toEqual(['replica-b', null, []]);
    });
  });
}
