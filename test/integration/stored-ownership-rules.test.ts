import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { STORED_DATA_RULES, upgradeStoredData } from '../../lib/db/stored-data-rules';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';

// Prefixes pasted from URLs, as a release before 6 Dec stored them (and audited them as typed).
const PREFIXES = ['/dl/x?token=CANARY1', '/v1/key=CANARY2', '/hooks/sk_live_CANARY3abcdefghijkl'];

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`ownership rules stored with a credential in their prefix, on ${kind}`, () => {
    beforeAll(() => useFreshDatabase(kind));
    afterAll(() => disconnectDb());

    test("serve's start-up pass removes them and redacts the credential in the audit events naming them", async () => {
      const team = await db().team.create({ data: { slug: 'shop', name: 'shop' } });
      for (const pathPrefix of [...PREFIXES, '/orders']) {
        const rule = await db().ownershipRule.create({ data: { host: 'shop.test', pathPrefix, teamId: team.id } });
        await db().auditEvent.create({ data: { actor: 'user:a@b.test', action: 'ownership.create', targetType: 'ownership-rule', targetId: rule.id, summary: `shop.test${pathPrefix} → team shop` } });
      }
      await db().storedDataRules.create({ data: { name: 'serve-start-up', version: STORED_DATA_RULES - 1 } });

      const run = await upgradeStoredData();
      expect(run.ran && run.credentialOwnershipRules).toBe(3);
      expect(await db().ownershipRule.findMany({ select: { pathPrefix: true } })).toEqual([{ pathPrefix: '/orders' }]);
      const audit = await db().auditEvent.findMany({ where: { action: { startsWith: 'ownership.' } }, orderBy: [{ at: 'asc' }, { summary: 'asc' }], select: { action: true, summary: true } });
      expect(audit.map((a) => `${a.action} ${a.summary}`).sort()).toEqual([
        'ownership.create shop.test/dl/x?{redacted} → team shop',
        'ownership.create shop.test/hooks/{redacted} → team shop',
        'ownership.create shop.test/orders → team shop',
        'ownership.create shop.test/v1/key={redacted} → team shop',
        'ownership.delete removed shop.test/dl/x?{redacted}: its path prefix carried a credential',
        'ownership.delete removed shop.test/hooks/{redacted}: its path prefix carried a credential',
        'ownership.delete removed shop.test/v1/key={redacted}: its path prefix carried a credential',
      ]);
      expect(JSON.stringify(await db().auditEvent.findMany())).not.toContain('CANARY');
    });
  });
}
