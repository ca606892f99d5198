import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { raiseIngestAlerts } from '../../lib/db/alerts';
import { db, disconnectDb } from '../../lib/db/client';
import { createOverride } from '../../lib/db/overrides';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { ingest, observation } from './spec-registry-helpers';

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`raising alerts on ${kind}`, () => {
    beforeAll(() => useFreshDatabase(kind));
    afterAll(() => disconnectDb());

    test('two pushers touching the same new shadow endpoint at once raise each alert once', async () => {
      const e = await db().endpoint.create({
        data: {
          host: 'api.test', method: 'GET', pathTemplate: '/internal/debug', firstSeen: new Date(), lastSeen: new Date(), requestCount: 1n, state: 'shadow',
          sensitiveTags: ['email'], evidence: { unauthenticated2xx: 2 },
        },
      });
      const raised = await Promise.all([raiseIngestAlerts([e.id], []), raiseIngestAlerts([e.id], []), raiseIngestAlerts([e.id], [])]);
      expect(raised.reduce((a, b) => a + b, 0)).toBe(2);
      const kinds = (await db().alert.findMany({ where: { endpointId: e.id } })).map((a) => a.kind).sort();
      expect(kinds).toEqual(['new-shadow', 'sensitive-unauthenticated']);
    });

    test('an alert on personal data a path carries says it is in the path, not returned', async () => {
      // Before: `GET c.test/users/{email} returns email without authentication`, the address being the caller's own.
      const obs = observation('c.test', 'GET', '/users/{email}', 2, { anonymous2xx: 2, sensitive: ['email', 'phone'] });
      obs.evidence.sensitiveInPath = ['email'];
      await ingest([obs]);
      const alert = await db().alert.findFirstOrThrow({ where: { kind: 'sensitive-unauthenticated', endpoint: { host: 'c.test' } } });
      expect(alert.summary).toBe('GET c.test/users/{email} returns phone and carries email in its path without authentication');
    });

    test("a scanner's 404s and CORS preflights raise no new-shadow alert; the path's first real answer raises it once", async () => {
      // Before: every new row alerted, `/wp-login.php` answered 404 and the OPTIONS a browser sends before its call
      // alike, though discover, check and inventory leave them out (unlisted-shadows.ts).
      const probe = (statuses: Record<string, number>) => observation('s.test', 'GET', '/wp-login.php', 3, { statuses });
      expect((await ingest([probe({ '404': 3 }), observation('s.test', 'OPTIONS', '/orders', 2, { statuses: { '204': 2 } })])).alerts).toBe(0);
      expect((await ingest([probe({ '405': 3 })])).alerts).toBe(0);
      expect((await ingest([probe({ '200': 1, '404': 2 })])).alerts).toBe(1);
      expect((await ingest([probe({ '200': 3 })])).alerts).toBe(0);
      const alerts = await db().alert.findMany({ where: { endpoint: { host: 's.test' } }, include: { endpoint: true } });
      expect(alerts.map((a) => [a.kind, a.endpoint?.method, a.endpoint?.pathTemplate])).toEqual([['new-shadow', 'GET', '/wp-login.php']]);
    });

    test('an endpoint an ignore override hides raises no alert when traffic first shows it, on any host', async () => {
      await createOverride({ host: '*', pattern: '/healthz', action: 'ignore', note: 'load balancer probe' }, 'system');
      const probe = (host: string) => ({ ...observation(host, 'GET', '/healthz', 4, { anonymous2xx: 4, sensitive: ['email'] }) });
      const result = await ingest([probe('a.test'), probe('b.test'), observation('a.test', 'GET', '/orders', 2)]);
      expect(result.alerts).toBe(1);
      const rows = await db().endpoint.findMany({ where: { host: { in: ['a.test', 'b.test'] } }, orderBy: [{ host: 'asc' }, { pathTemplate: 'asc' }], include: { alerts: true } });
      expect(rows.map((r) => [r.host, r.pathTemplate, r.ignoredById !== null, r.alerts.map((a) => a.kind)])).toEqual([
        ['a.test', '/healthz', true, []],
        ['a.test', '/orders', false, ['new-shadow']],
        ['b.test', '/healthz', true, []],
      ]);
    });
  });
}
