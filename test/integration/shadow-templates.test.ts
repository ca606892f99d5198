import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { createOverride } from '../../lib/db/overrides';
import { reclassifyEndpoints } from '../../lib/db/reclassify';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { ingest, observation } from './spec-registry-helpers';

const HOST = 'members.example.com';

async function inventory(host = HOST) {
  // Sorted here: PostgreSQL's collation and SQLite's byte order disagree about `{`.
  const rows = await db().endpoint.findMany({ where: { host } });
  return rows.map((r) => `${r.method} ${r.pathTemplate} ${r.requestCount}`).sort();
}

async function dailyRequests(host = HOST): Promise<number> {
  const stats = await db().endpointDailyStat.findMany({ where: { endpoint: { host } } });
  return stats.reduce((n, s) => n + Number(s.requests), 0);
}

// A collector templates each batch on its own traffic: quiet batches store literals, a busy one the template.
for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`stored shadow templates take quiet batches' literals on ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
    });
    afterAll(() => disconnectDb());

    test('literals stored before a template are folded into it when it arrives, counts and days summed', async () => {
      await ingest([observation(HOST, 'GET', '/members/ann', 1), observation(HOST, 'GET', '/members/bob', 2, { day: '2026-11-19' })]);
      await ingest([observation(HOST, 'GET', '/members/ann/orders', 1)]);
      expect(await inventory()).toEqual(['GET /members/ann 1', 'GET /members/ann/orders 1', 'GET /members/bob 2']);
      await ingest([observation(HOST, 'GET', '/members/{memberId}', 20), observation(HOST, 'GET', '/members/{memberId}/orders', 15)]);
      expect(await inventory()).toEqual(['GET /members/{memberId} 23', 'GET /members/{memberId}/orders 16']);
      const row = await db().endpoint.findFirstOrThrow({ where: { host: HOST, pathTemplate: '/members/{memberId}' } });
      expect(row.firstSeen.toISOString()).toBe('2026-11-19T10:00:00.000Z');
      expect(await dailyRequests()).toBe(39);
      const audit = await db().auditEvent.findFirstOrThrow({ where: { action: 'endpoints.reclassify' }, orderBy: { at: 'desc' } });
      expect(audit.summary).toContain('3 folded');
    });

    test('a later quiet batch counts into the template instead of adding a literal', async () => {
      await ingest([observation(HOST, 'GET', '/members/zoe', 1), observation(HOST, 'GET', '/members/zoe/orders', 2), observation(HOST, 'DELETE', '/members/zoe', 1)]);
      // DELETE has no template of its own: its literal stays.
      expect(await inventory()).toEqual(['DELETE /members/zoe 1', 'GET /members/{memberId} 24', 'GET /members/{memberId}/orders 18']);
      expect(await dailyRequests()).toBe(43);
    });

    test('a literal as busy as half the template stays (a name of the API), and so does what a split override keeps', async () => {
      await ingest([observation(HOST, 'GET', '/members/me', 30)]);
      expect(await inventory()).toContain('GET /members/me 30');
      // The split removes the templates that took `search` (lib/db/overrides.ts); the next batch's template keeps it out.
      await createOverride({ host: HOST, pattern: '/members/search', action: 'split' }, 'system');
      await ingest([observation(HOST, 'GET', '/members/search', 1), observation(HOST, 'GET', '/members/{memberId}', 10)]);
      expect(await inventory()).toEqual(['DELETE /members/zoe 1', 'GET /members/me 30', 'GET /members/search 1', 'GET /members/{memberId} 10']);
    });

    test('an endpoint an ignore override hides keeps its row (its traffic does not count in the template)', async () => {
      await createOverride({ host: 'health.example.com', pattern: '/members/health', action: 'ignore' }, 'system');
      await ingest([observation('health.example.com', 'GET', '/members/health', 3), observation('health.example.com', 'GET', '/members/ann', 1)]);
      await ingest([observation('health.example.com', 'GET', '/members/{memberId}', 40)]);
      expect(await inventory('health.example.com')).toEqual(['GET /members/health 3', 'GET /members/{memberId} 41']);
    });

    test('an endpoint with an approved deprecation keeps its row', async () => {
      await ingest([observation('legacy.example.com', 'GET', '/items/old', 1)]);
      const old = await db().endpoint.findFirstOrThrow({ where: { host: 'legacy.example.com' } });
      await db().deprecationRequest.create({ data: { endpointId: old.id, status: 'approved', reason: 'legacy' } });
      await ingest([observation('legacy.example.com', 'GET', '/items/{itemId}', 50)]);
      expect(await inventory('legacy.example.com')).toEqual(['GET /items/old 1', 'GET /items/{itemId} 50']);
      expect((await reclassifyEndpoints({ all: true }, 'system', 'check')).changed.map((c) => c.path)).toEqual([]);
    });
  });
}
