import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { STORED_DATA_RULES, upgradeStoredData } from '../../lib/db/stored-data-rules';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';

// Events an older release wrote about endpoints whose templates kept a credential (a reset code, a webhook's key).
const EVENTS = [
  ['endpoint.triage', 'GET acct.test/password/reset/Kx7pQ2mZ: new → ignored (reset links: see ticket 42)'],
  ['endpoint.triage', 'POST hooks.test/hooks/T0001/sk_live_CANARYq9Zt4Lw8Xv2Nb6Mc3: new → acknowledged'],
  ['endpoint.triage', 'GET shop.test/orders/{orderId}: new → adopted (keep /orders/991 as is)'],
  ['override.create', 'split GET shop.test/users/search; removed GET /users/{userId} (3 requests), POST /hooks/T0001/sk_live_CANARYq9Zt4Lw8Xv2Nb6Mc4 (1 requests), GET /dl/9eab75dfdb98913179ad73fdc878281175b4ac1a'],
  // A template an older release decoded from `%20` (rules version 47): the path runs past its space.
  ['endpoint.triage', 'GET docs.test/v1/docs/CANARY 9xQ2mZr7Lp4Wv8Yt3Kd: new → ignored'],
  ['override.create', 'split GET docs.test/v1/docs/x; removed GET /v1/docs/CANARY 9xQ2mZr7Lp4Wv8Yt3Ke (2 requests), GET /v1/docs/My Document v2.pdf (1 requests)'],
  ['override.create', 'ignore * shop.test/health'],
  ['token.create', 'created token ci (ingest)'],
  // Written as the row is stored until 7 Dec: reworded by the same start-up run (rule 71).
  ['override.create', 'merge * */carts/{cartId}'],
  ['override.delete', 'merge GET shop.test/a/{id}'],
  // Today's merge text names the stored templates it folded (rule 71): until 7 Dec this pass left them as written.
  ['override.create', 'merged GET /password/reset/Kx7pQ2mZ, /password/reset/Lm3nP8qR and 3 more into /password/reset/{code}; /hooks/T0001/sk_live_CANARYq9Zt4Lw8Xv2Nb6Mc5 into /hooks/T0001/{hookId} on acct.test'],
  ['override.create', 'merged GET /orders/991, /orders/992 into /orders/{orderId} on shop.test'],
] as const;

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`audit events naming a path with a credential, on ${kind}`, () => {
    beforeAll(() => useFreshDatabase(kind));
    afterAll(() => disconnectDb());

    test("serve's start-up pass gives the paths they name the example paths' redaction, the rest as written", async () => {
      for (const [action, summary] of EVENTS) await db().auditEvent.create({ data: { actor: 'user:a@b.test', action, targetType: 'x', summary } });
      await db().storedDataRules.create({ data: { name: 'serve-start-up', version: STORED_DATA_RULES - 1 } });

      const run = await upgradeStoredData();
      expect(run.ran && run.auditPaths).toBe(6);
      const events = await db().auditEvent.findMany({ where: { actor: 'user:a@b.test' }, orderBy: { id: 'asc' }, select: { summary: true } });
      expect(events.map((e) => e.summary)).toEqual([
        'GET acct.test/password/reset/{redacted}: new → ignored (reset links: see ticket 42)',
        'POST hooks.test/hooks/T0001/{redacted}: new → acknowledged',
        'GET shop.test/orders/{orderId}: new → adopted (keep /orders/991 as is)',
        'split GET /users/search on shop.test; removed GET /users/{userId} (3 requests), POST /hooks/T0001/{redacted} (1 requests), GET /dl/{redacted}',
        'GET docs.test/v1/docs/{redacted}: new → ignored',
        'split GET /v1/docs/x on docs.test; removed GET /v1/docs/{redacted} (2 requests), GET /v1/docs/My Document v2.pdf (1 requests)',
        'ignored /health on shop.test, every method',
        'created token ci (ingest)',
        'merged /carts/{cartId} on every host, every method',
        'deleted the merge override of GET /a/{id} on shop.test',
        'merged GET /password/reset/{redacted}, /password/reset/{redacted} and 3 more into /password/reset/{code}; /hooks/T0001/{redacted} into /hooks/T0001/{hookId} on acct.test',
        'merged GET /orders/991, /orders/992 into /orders/{orderId} on shop.test',
      ]);
      expect(run.ran && run.overrideAudits).toBe(5);
    });
  });
}
