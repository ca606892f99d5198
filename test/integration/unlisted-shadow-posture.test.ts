import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listApiOverviews } from '../../lib/db/api-overview';
import { getApi } from '../../lib/db/apis';
import { checkApi } from '../../lib/db/check';
import { disconnectDb } from '../../lib/db/client';
import { registerSpec } from '../../lib/db/spec-registry';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { ingest, observation } from './spec-registry-helpers';

const HOST = 'shop.example.com';
const SPEC = `openapi: 3.1.0
info: { title: Shop, version: '1' }
servers: [{ url: 'https://${HOST}' }]
paths:
  /orders:
    get: { operationId: listOrders, responses: { '200': { description: ok } } }
`;

/**
 * The APIs page's shadow count and posture score, beside `lantern check`: until 7 Dec they docked 5 points for a
 * scanner's 404-only probe and for each CORS preflight, shadows check leaves out (unlisted-shadows.ts).
 */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`the posture score and unlisted shadows, on ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
      expect((await registerSpec({ apiSlug: 'shop', text: SPEC, actor: 'cli' })).status).toBe('created');
      await ingest([
        observation(HOST, 'GET', '/orders', 5),
        observation(HOST, 'GET', '/internal/debug', 2),
        observation(HOST, 'GET', '/wp-login.php', 3, { statuses: { '404': 3 } }),
        observation(HOST, 'POST', '/orders', 1, { statuses: { '405': 1 } }),
        observation(HOST, 'OPTIONS', '/internal/debug', 2, { statuses: { '204': 2 } }),
      ]);
    });
    afterAll(() => disconnectDb());

    test('counts and docks the shadows check fails on, and counts the others apart', async () => {
      const [shop] = await listApiOverviews();
      expect(shop.counts).toEqual({ documented: 1, shadow: 1, zombie: 0 });
      expect(shop.unlisted).toEqual({ notFound: 2, preflights: 1 });
      expect(shop.lines.filter((l) => l.rule === 'shadow')).toEqual([{ rule: 'shadow', points: -5, explanation: '1 undocumented (shadow) endpoint(s) (−5 each, at most −25)' }]);
      const check = await checkApi('shop', ['shadow']);
      expect([check!.offenders.length, check!.notFound, check!.preflights]).toEqual([shop.counts.shadow, 2, 1]);
    });

    test("GET /api/apis/{slug}'s endpoint counts by state are the APIs page's", async () => {
      // Until 7 Dec they counted the 404/405-only and preflight shadows: shadow 4 beside the page's 1.
      expect((await getApi('shop'))!.endpointsByState).toEqual({ documented: 1, shadow: 1 });
    });
  });
}
