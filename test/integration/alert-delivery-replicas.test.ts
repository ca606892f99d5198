import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { deliverPendingAlerts } from '../../lib/alerts/deliver-alerts';
import { db, disconnectDb } from '../../lib/db/client';
import { resetEnvCache } from '../../lib/env';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { receiver } from '../webhook-receiver';

const secondReplica = fileURLToPath(new URL('./deliver-alerts-once.ts', import.meta.url));

/** One delivery run in its own process against the same database: what a second server replica does. */
function runOtherReplica(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', secondReplica], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`alert delivery from two replicas on ${kind}`, () => {
    const hook = receiver();
    let hookUrl = '';
    beforeAll(async () => {
      await useFreshDatabase(kind);
      hookUrl = await hook.start();
      process.env.LANTERN_WEBHOOK_URLS = `${hookUrl}/hook`;
      resetEnvCache();
    });
    afterAll(async () => {
      delete process.env.LANTERN_WEBHOOK_URLS;
      resetEnvCache();
      await hook.stop();
      await disconnectDb();
    });

    test('two servers running delivery at once send a pending alert exactly once', async () => {
      // The slow receiver holds every POST until either both runs posted (the bug) or one run finished without
      // posting (it found the alert claimed): no clock is involved in deciding the outcome.
      const held: (() => void)[] = [];
      let finishedRuns = 0;
      const releaseIfDecided = () => {
        if (held.length >= 2 || (held.length >= 1 && finishedRuns >= 1)) held.splice(0).forEach((r) => r());
      };
      hook.on((_req, _body, res) => {
        held.push(() => res.writeHead(204).end());
        releaseIfDecided();
      });
      const alert = await db().alert.create({ data: { kind: 'new-shadow', summary: 'new shadow endpoint GET api.test/x', payload: {} } });
      const finished = <T>(p: Promise<T>) =>
        p.finally(() => {
          finishedRuns++;
          releaseIfDecided();
        });
      const [here, there] = await Promise.all([finished(deliverPendingAlerts()), finished(runOtherReplica())]);
      expect(there.code, there.stderr).toBe(0);
      const other = JSON.parse(there.stdout) as { delivered: number; failed: number };
      expect(hook.requests).toHaveLength(1);
      expect(here.delivered + other.delivered).toBe(1);
      expect(here.failed + other.failed).toBe(0);
      const row = await db().alert.findUniqueOrThrow({ where: { id: alert.id } });
      expect(row.deliveredAt).not.toBeNull();
      expect(row.leaseUntil).toBeNull();
    });

    test('an alert whose runner crashed is retried once its lease has lapsed', async () => {
      hook.on((_req, _body, res) => res.writeHead(204).end());
      hook.requests.length = 0;
      const lapsed = new Date(Date.now() - 1_000);
      const alert = await db().alert.create({ data: { kind: 'new-shadow', summary: 'left by a crashed runner', payload: {}, leaseOwner: 'crashed', leaseUntil: lapsed } });
      const held = await db().alert.create({ data: { kind: 'new-shadow', summary: 'held by a live runner', payload: {}, leaseOwner: 'alive', leaseUntil: new Date(Date.now() + 3_600_000) } });
      expect(await deliverPendingAlerts()).toEqual({ delivered: 1, failed: 0 });
      expect(hook.requests.map((r) => JSON.parse(r.body).id)).toEqual([alert.id]);
      expect((await db().alert.findUniqueOrThrow({ where: { id: held.id } })).deliveredAt).toBeNull();
    });
  });
}
