import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { raiseIngestAlerts } from '../../lib/db/alerts';
import { db, disconnectDb } from '../../lib/db/client';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';

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
  });
}
