import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { STORED_DATA_RULES, upgradeStoredData } from '../../lib/db/stored-data-rules';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';

// What a release before 5 Dec stored: a webhook's key as a template, and an operator's ignore override copied from
// its URL (key included), and one pasted with its query.
const KEY = 'sk_live_CANARYq9Zt4Lw8Xv2Nb6Mc3';

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`overrides stored with a credential in their pattern, on ${kind}`, () => {
    beforeAll(() => useFreshDatabase(kind));
    afterAll(() => disconnectDb());

    test("serve's start-up pass removes them before re-templating, so the row they named loses the credential too", async () => {
      const hook = await db().pathOverride.create({ data: { host: 'shop.test', method: '*', action: 'ignore', pattern: `/hooks/${KEY}` } });
      const query = await db().pathOverride.create({ data: { host: 'shop.test', method: 'GET', action: 'ignore', pattern: '/dl/x?token=CANARYquery' } });
      await db().pathOverride.create({ data: { host: 'shop.test', method: '*', action: 'ignore', pattern: '/health' } });
      for (const o of [hook, query]) await db().auditEvent.create({ data: { actor: 'user:a@b.test', action: 'override.create', targetType: 'override', targetId: o.id, summary: `ignore ${o.method} shop.test${o.pattern}` } });
      const at = { firstSeen: new Date('2026-12-01T10:00:00Z'), lastSeen: new Date('2026-12-02T10:00:00Z'), state: 'shadow', evidence: {} };
      await db().endpoint.create({ data: { ...at, host: 'shop.test', method: 'POST', pathTemplate: `/hooks/${KEY}`, requestCount: 3n, examplePaths: [`/hooks/${KEY}`], ignoredById: hook.id } });
      await db().storedDataRules.create({ data: { name: 'serve-start-up', version: STORED_DATA_RULES - 1 } });

      const run = await upgradeStoredData();
      expect(run.ran && [run.credentialOverrides, run.templates.retemplated]).toEqual([2, 1]);
      expect(await db().pathOverride.findMany({ select: { pattern: true } })).toEqual([{ pattern: '/health' }]);
      expect(await db().endpoint.findMany({ select: { pathTemplate: true, examplePaths: true, ignoredById: true } })).toEqual([
        { pathTemplate: '/hooks/{hookId}', examplePaths: ['/hooks/{redacted}'], ignoredById: null },
      ]);
      const audit = await db().auditEvent.findMany({ where: { action: { startsWith: 'override.' } }, select: { action: true, summary: true } });
      expect(audit.map((a) => `${a.action} ${a.summary}`).sort()).toEqual([
        'override.create ignored /hooks/{redacted} on shop.test, every method',
        'override.create ignored GET /dl/x?{redacted} on shop.test',
        'override.delete deleted the ignore override of /hooks/{redacted} on shop.test, every method: its pattern carried a credential',
        'override.delete deleted the ignore override of GET /dl/x?{redacted} on shop.test: its pattern carried a credential',
      ]);
      expect(JSON.stringify(await db().auditEvent.findMany())).not.toContain('CANARY');
    });
  });
}
