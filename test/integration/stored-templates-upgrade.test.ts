import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { migrateDatabase } from '../../lib/db/migrate';
import { registerSpec } from '../../lib/db/spec-registry';
import { searchEndpointIds } from '../../lib/db/endpoint-search';
import { retemplateStoredEndpoints } from '../../lib/db/stored-templates';
import { DATABASE_KINDS, databaseAvailable } from '../db-harness';
import { useOldReleaseDatabase, SHOP_SPEC, sqlTime } from './old-release-db';

const SECRETS = /Kx7pQ2mZ|CANARY|cafe0123456789abcdef/;
// What the 5 Dec morning release (7b49c98) stored: a reset code and a `key=` segment as literal templates, with
// their history, an alert still to send, a triage decision and a deprecation request; the twin today's collectors
// created for the reset path; a literal a split override (accepted then) keeps; a documented row. And a template
// and example another tool's batch left its query on, or sent as an absolute URL with userinfo (ingest stored them
// so until 6 Dec), beside their clean twin.
const OLD_ROWS = `
INSERT INTO "Endpoint" ("id", "host", "method", "pathTemplate", "firstSeen", "lastSeen", "requestCount", "updatedAt", "state", "examplePaths", "triage", "triageNote") VALUES
  ('e-reset-old', 'acct.example.com', 'GET', '/password/reset/Kx7pQ2mZ', ${sqlTime('2026-11-20')}, ${sqlTime('2026-12-02')}, 5, ${sqlTime('2026-12-02')}, 'shadow', '["/password/reset/{redacted}"]', 'acknowledged', 'reset flow, known'),
  ('e-reset-new', 'acct.example.com', 'GET', '/password/reset/{resetId}', ${sqlTime('2026-12-05')}, ${sqlTime('2026-12-06')}, 3, ${sqlTime('2026-12-06')}, 'shadow', '["/password/reset/{redacted}"]', 'new', NULL),
  ('e-key-old', 'acct.example.com', 'GET', '/v1/key=CANARYshortkey/x', ${sqlTime('2026-12-01')}, ${sqlTime('2026-12-01')}, 2, ${sqlTime('2026-12-01')}, 'shadow', '["/v1/key=CANARYshortkey/x"]', 'new', NULL),
  ('e-cars-old', 'acct.example.com', 'GET', '/cars;api_key=CANARY2/items', ${sqlTime('2026-12-01')}, ${sqlTime('2026-12-01')}, 1, ${sqlTime('2026-12-01')}, 'shadow', '["/cars;api_key=CANARY2/items"]', 'new', NULL),
  ('e-invite', 'acct.example.com', 'GET', '/invite/Qw3rTy9x/accept', ${sqlTime('2026-12-01')}, ${sqlTime('2026-12-01')}, 4, ${sqlTime('2026-12-01')}, 'shadow', '[]', 'new', NULL),
  ('e-query-old', 'acct.example.com', 'GET', '/v1/orders/{orderId}?api_key=CANARY3', ${sqlTime('2026-12-01')}, ${sqlTime('2026-12-01')}, 2, ${sqlTime('2026-12-01')}, 'shadow', '["/v1/orders/17?api_key=CANARY3"]', 'new', NULL),
  ('e-abs-old', 'acct.example.com', 'GET', 'https://ops:CANARY4@acct.example.com/v1/orders/{orderId}', ${sqlTime('2026-12-01')}, ${sqlTime('2026-12-01')}, 4, ${sqlTime('2026-12-01')}, 'shadow', '["https://ops:CANARY4@acct.example.com/v1/orders/16"]', 'new', NULL),
  ('e-query-new', 'acct.example.com', 'GET', '/v1/orders/{orderId}', ${sqlTime('2026-12-01')}, ${sqlTime('2026-12-01')}, 1, ${sqlTime('2026-12-01')}, 'shadow', '["/v1/orders/18"]', 'new', NULL),
  ('e-forecast', 'acct.example.com', 'GET', '/forecast/{key}/{coordinates}', ${sqlTime('2026-12-01')}, ${sqlTime('2026-12-01')}, 2, ${sqlTime('2026-12-01')}, 'shadow', '["/forecast/cafe0123456789abcdef0123456789ab/37.8,-122.4", "/forecast/cafe0123456789abcdef0123456789ab/40.7,-74.0/"]', 'new', NULL),
  ('e-lambda', 'lambda.example.com', 'GET', '/{date}/functions/{param}', ${sqlTime('2026-12-01')}, ${sqlTime('2026-12-01')}, 2, ${sqlTime('2026-12-01')}, 'shadow', '["/2015-03-31/functions/my-fn"]', 'new', NULL),
  ('e-day', 'lambda.example.com', 'GET', '/{date}/summary', ${sqlTime('2026-11-30')}, ${sqlTime('2026-11-30')}, 1, ${sqlTime('2026-11-30')}, 'shadow', '["/2026-11-30/summary"]', 'new', NULL);
INSERT INTO "Endpoint" ("id", "host", "method", "pathTemplate", "firstSeen", "lastSeen", "requestCount", "updatedAt", "state", "apiId", "operationId")
  SELECT 'e-get', 'shop.example.com', 'GET', '/orders', ${sqlTime('2026-12-01')}, ${sqlTime('2026-12-02')}, 9, ${sqlTime('2026-12-02')}, 'documented', a."id", o."id"
  FROM "Api" a JOIN "Spec" s ON s."apiId" = a."id" JOIN "Operation" o ON o."specId" = s."id" WHERE a."slug" = 'shop';
INSERT INTO "EndpointDailyStat" ("endpointId", "day", "requests", "errors", "unauthenticated") VALUES
  ('e-reset-old', '2026-11', 1, 0, 1), ('e-reset-old', '2026-12-02', 4, 1, 4), ('e-reset-new', '2026-12-02', 1, 0, 1), ('e-reset-new', '2026-12-06', 2, 0, 2),
  ('e-key-old', '2026-12-01', 2, 0, 0), ('e-invite', '2026-12-01', 4, 0, 0), ('e-get', '2026-12-02', 9, 0, 0);
INSERT INTO "Alert" ("id", "kind", "endpointId", "summary", "payload", "createdAt", "deliveredAt", "attempts") VALUES
  ('a-reset', 'new-shadow', 'e-reset-old', 'new shadow endpoint GET acct.example.com/password/reset/Kx7pQ2mZ', '{"host":"acct.example.com","method":"GET","path":"/password/reset/Kx7pQ2mZ","state":"shadow"}', ${sqlTime('2026-11-20')}, NULL, 3),
  ('a-key', 'new-shadow', 'e-key-old', 'new shadow endpoint GET acct.example.com/v1/key=CANARYshortkey/x', '{"path":"/v1/key=CANARYshortkey/x"}', ${sqlTime('2026-12-01')}, ${sqlTime('2026-12-01')}, 1);
INSERT INTO "DeprecationRequest" ("id", "endpointId", "reason", "updatedAt") VALUES ('d-reset', 'e-reset-old', 'old reset flow', ${sqlTime('2026-12-02')});
INSERT INTO "PathOverride" ("id", "host", "method", "pattern", "action") VALUES ('o-invite', 'acct.example.com', '*', '/invite/Qw3rTy9x', 'split');
`;

/** Every stored text that names an endpoint, as one string to search for what must be gone. */
async function storedText(): Promise<string> {
  const [endpoints, alerts, audit] = await Promise.all([db().endpoint.findMany(), db().alert.findMany(), db().auditEvent.findMany()]);
  return JSON.stringify({ endpoints, alerts, audit }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`templates stored by the 5 Dec morning release (7b49c98), upgraded on ${kind}`, () => {
    beforeAll(async () => {
      const old = await useOldReleaseDatabase(kind);
      expect((await registerSpec({ apiSlug: 'shop', text: SHOP_SPEC, actor: 'system' })).status).toBe('created');
      await disconnectDb();
      await old.exec(OLD_ROWS);
      await old.close();
      await migrateDatabase(process.env.DATABASE_URL!);
    });
    afterAll(() => disconnectDb());

    test("serve's start-up pass folds a literal into today's template, counts summed, and keeps no literal", async () => {
      const result = await retemplateStoredEndpoints();
      const rows = await db().endpoint.findMany({ orderBy: { id: 'asc' }, select: { id: true, pathTemplate: true, requestCount: true, state: true, triage: true, triageNote: true, firstSeen: true, examplePaths: true } });
      expect(rows.map((r) => [r.id, r.pathTemplate, r.requestCount, r.state, r.triage])).toEqual([
        ['e-cars-old', '/cars/items', 1n, 'shadow', 'new'],
        // Until 7 Dec a dated API version first was a `{date}`; a day the row was first seen on stays one.
        ['e-day', '/{date}/summary', 1n, 'shadow', 'new'],
        // A key under a parameter named `key` (a spec's name) left the example paths on 7 Dec.
        ['e-forecast', '/forecast/{key}/{coordinates}', 2n, 'shadow', 'new'],
        ['e-get', '/orders', 9n, 'documented', 'new'],
        ['e-invite', '/invite/Qw3rTy9x/accept', 4n, 'shadow', 'new'],
        ['e-key-old', '/v1/{param}/x', 2n, 'shadow', 'new'],
        ['e-lambda', '/2015-03-31/functions/{param}', 2n, 'shadow', 'new'],
        ['e-query-new', '/v1/orders/{orderId}', 7n, 'shadow', 'new'],
        ['e-reset-new', '/password/reset/{resetId}', 8n, 'shadow', 'acknowledged'],
      ]);
      const reset = rows.find((r) => r.id === 'e-reset-new')!;
      expect([reset.triageNote, reset.firstSeen.toISOString(), reset.examplePaths]).toEqual(['reset flow, known', '2026-11-20T10:00:00.000Z', ['/password/reset/{redacted}']]);
      expect(rows.find((r) => r.id === 'e-key-old')!.examplePaths).toEqual(['/v1/key={redacted}/x']);
      // Its call with a trailing slash too (until 7 Dec counted as one segment more than the template, so kept).
      expect(rows.find((r) => r.id === 'e-forecast')!.examplePaths).toEqual(['/forecast/{redacted}/37.8,-122.4', '/forecast/{redacted}/40.7,-74.0/']);
      expect(rows.find((r) => r.id === 'e-query-new')!.examplePaths).toEqual(['/v1/orders/16', '/v1/orders/17', '/v1/orders/18']);
      const stats = await db().endpointDailyStat.findMany({ where: { endpointId: 'e-reset-new' }, orderBy: { day: 'asc' } });
      expect(stats.map((s) => [s.day, s.requests, s.errors, s.unauthenticated])).toEqual([
        ['2026-11', 1n, 0n, 1n], ['2026-12-02', 5n, 1n, 5n], ['2026-12-06', 2n, 0n, 2n],
      ]);
      expect(await db().endpointDailyStat.aggregate({ _sum: { requests: true } })).toEqual({ _sum: { requests: 23n } });
      const alerts = await db().alert.findMany({ orderBy: { id: 'asc' }, select: { id: true, endpointId: true, summary: true, payload: true, deliveredAt: true } });
      expect(alerts.map((a) => [a.id, a.endpointId, a.summary, (a.payload as { path: string }).path, a.deliveredAt === null])).toEqual([
        ['a-key', 'e-key-old', 'new shadow endpoint GET acct.example.com/v1/{param}/x', '/v1/{param}/x', false],
        ['a-reset', 'e-reset-new', 'new shadow endpoint GET acct.example.com/password/reset/{resetId}', '/password/reset/{resetId}', true],
      ]);
      expect(await db().deprecationRequest.findMany({ select: { id: true, endpointId: true } })).toEqual([{ id: 'd-reset', endpointId: 'e-reset-new' }]);
      expect(await storedText()).not.toMatch(SECRETS);
      // The inventory search (SQLite FTS5 table, PostgreSQL trigram index) no longer finds the endpoint by its code.
      expect([await searchEndpointIds('Kx7pQ2mZ'), await searchEndpointIds('reset/{resetId}')]).toEqual([[], ['e-reset-new']]);
      const audit = await db().auditEvent.findMany({ where: { action: 'endpoints.retemplate' }, select: { actor: true, summary: true } });
      expect(audit).toEqual([{ actor: 'system', summary: "stored templates: 6 endpoint(s) given today's template, 3 folded into the endpoint already stored under it" }]);
      expect(result).toEqual({ retemplated: 6, folded: 3, examples: 5 });
    });

    test('a second run changes nothing', async () => {
      const before = await storedText();
      expect(await retemplateStoredEndpoints()).toEqual({ retemplated: 0, folded: 0, examples: 0 });
      expect(await storedText()).toBe(before);
    });
  });
}
