import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { getEndpointDetail } from '../../lib/db/endpoint-detail';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { ingest, observation } from './spec-registry-helpers';

/**
 * The endpoint page's "Traffic, last 30 days" chart draws one bar per day it is given. Until 6 Dec it was given only
 * the days with traffic: calls on 1 and 20 November stood side by side as if on two days running, and a month with
 * one busy day was one bar filling the chart. Every day of the window is given now, the quiet ones as zero.
 */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`the endpoint's daily traffic on ${kind}`, () => {
    beforeAll(() => useFreshDatabase(kind));
    afterAll(() => disconnectDb());

    test('has every day of the window, oldest first, the days without calls at zero', async () => {
      await ingest([observation('shop.example.com', 'GET', '/orders', 3, { day: '2026-11-01' })]);
      await ingest([observation('shop.example.com', 'GET', '/orders', 5, { day: '2026-11-04' })]);
      // Before the window: not drawn.
      await ingest([observation('shop.example.com', 'GET', '/orders', 7, { day: '2026-10-20' })]);
      const { id } = await db().endpoint.findFirstOrThrow({ where: { host: 'shop.example.com' } });
      const detail = await getEndpointDetail(id, 5, new Date('2026-11-04T18:00:00Z'));
      expect(detail?.daily).toEqual([
        { day: '2026-10-31', requests: 0, errors: 0, unauthenticated: 0 },
        { day: '2026-11-01', requests: 3, errors: 0, unauthenticated: 0 },
        { day: '2026-11-02', requests: 0, errors: 0, unauthenticated: 0 },
        { day: '2026-11-03', requests: 0, errors: 0, unauthenticated: 0 },
        { day: '2026-11-04', requests: 5, errors: 0, unauthenticated: 0 },
      ]);
    });
  });
}
