import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { migrateDatabase } from '../../lib/db/migrate';
import { STORED_DATA_RULES, upgradeStoredData } from '../../lib/db/stored-data-rules';
import { DATABASE_KINDS, databaseAvailable } from '../db-harness';
import { useOldReleaseDatabase, sqlTime } from './old-release-db';

// Rows the 5 Dec morning release (7b49c98) stored: a reset code as a template, a token kept as a query name; and
// before 6 Dec's rules 4, a one-time code and an e-mail address sent as bare query parts, kept as names; before
// rules 12, a token set as a cookie name, kept in the auth kind (and its facet); before rules 36, a social security
// number sent as a bare query part; before rules 47, a token holding an escape (`%20`) as a template, beside a
// document's name with spaces, which stays; before rules 49, a proxied URL's `user:password@`; before rules 48, a name holding the value its escaped `=` came before.
const OLD_ROWS = `
INSERT INTO "Endpoint" ("id", "host", "method", "pathTemplate", "firstSeen", "lastSeen", "requestCount", "updatedAt", "state", "evidence") VALUES
  ('e-reset', 'acct.example.com', 'GET', '/password/reset/Kx7pQ2mZ', ${sqlTime('2026-12-01')}, ${sqlTime('2026-12-02')}, 5, ${sqlTime('2026-12-02')}, 'shadow', '{}'),
  ('e-dl', 'acct.example.com', 'GET', '/download', ${sqlTime('2026-12-01')}, ${sqlTime('2026-12-02')}, 3, ${sqlTime('2026-12-02')}, 'shadow', '{"queryParams":{"ghp_CANARY0123456789abcdefABCDEF0123456789":3}}'),
  ('e-verify', 'acct.example.com', 'GET', '/verify', ${sqlTime('2026-12-01')}, ${sqlTime('2026-12-02')}, 7, ${sqlTime('2026-12-02')}, 'shadow', '{"queryParams":{"482913":2,"jane@example.com":1,"123-45-6789":1,"lang":4,"token=Kx7pQ2mZ":3}}'),
  ('e-docs', 'acct.example.com', 'GET', '/v1/docs/CANARY 9xQ2mZr7Lp4Wv8Yt3Kd', ${sqlTime('2026-12-01')}, ${sqlTime('2026-12-02')}, 2, ${sqlTime('2026-12-02')}, 'shadow', '{}'),
  ('e-report', 'acct.example.com', 'GET', '/reports/Quarterly Report 2024 Final v3.pdf', ${sqlTime('2026-12-01')}, ${sqlTime('2026-12-02')}, 1, ${sqlTime('2026-12-02')}, 'shadow', '{}'),
  ('e-cam', 'acct.example.com', 'GET', '/unsafe/300x200/http:/admin:pw12345@10.0.0.5/cam.jpg', ${sqlTime('2026-12-01')}, ${sqlTime('2026-12-02')}, 1, ${sqlTime('2026-12-02')}, 'shadow', '{}');
INSERT INTO "Alert" ("id", "kind", "endpointId", "summary", "payload", "createdAt", "attempts") VALUES
  ('a-docs', 'new-shadow', 'e-docs', 'new shadow endpoint GET acct.example.com/v1/docs/CANARY 9xQ2mZr7Lp4Wv8Yt3Kd', '{"path":"/v1/docs/CANARY 9xQ2mZr7Lp4Wv8Yt3Kd"}', ${sqlTime('2026-12-01')}, 0);
UPDATE "Endpoint" SET "authCounts" = '{"cookie:session,sk_live_CANARYq9Zt4Lw8Xv2Nb6Mc3Kd":2,"cookie:session":1,"none":4,"proxy:k7gq2mzr9xl4pw8vt3dy6bn1cf5hj0sa":1}', "authSummary" = ',cookie:session,cookie:session;sk_live_CANARYq9Zt4Lw8Xv2Nb6Mc3Kd,none,proxy:k7gq2mzr9xl4pw8vt3dy6bn1cf5hj0sa,' WHERE "id" = 'e-verify';
`;

async function templates(): Promise<string[]> {
  return (await db().endpoint.findMany({ orderBy: { id: 'asc' }, select: { pathTemplate: true } })).map((r) => r.pathTemplate);
}

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`serve's start-up passes run while the database is behind today's rules, on ${kind}`, () => {
    beforeAll(async () => {
      const old = await useOldReleaseDatabase(kind);
      await old.exec(OLD_ROWS);
      await old.close();
      await migrateDatabase(process.env.DATABASE_URL!);
    });
    afterAll(() => disconnectDb());

    test('a database an older release wrote is brought to the rules and the version recorded', async () => {
      const run = await upgradeStoredData();
      expect(run.ran && [run.queryNames, run.authKinds, run.templates.retemplated, run.version]).toEqual([2, 1, 3, STORED_DATA_RULES]);
      expect(await templates()).toEqual(['/unsafe/300x200/http:/{param}/cam.jpg', '/download', '/v1/docs/{docId}', '/reports/Quarterly Report 2024 Final v3.pdf', '/password/reset/{resetId}', '/verify']);
      const alerts = await db().alert.findMany({ select: { summary: true, payload: true } });
      expect(alerts).toEqual([{ summary: 'new shadow endpoint GET acct.example.com/v1/docs/{docId}', payload: { path: '/v1/docs/{docId}' } }]);
      const dl = await db().endpoint.findUniqueOrThrow({ where: { id: 'e-dl' }, select: { evidence: true } });
      expect(dl.evidence).toEqual({ queryParams: { '{redacted}': 3 } });
      const verify = await db().endpoint.findUniqueOrThrow({ where: { id: 'e-verify' }, select: { evidence: true } });
      expect(verify.evidence).toEqual({ queryParams: { '{redacted}': 4, lang: 4, token: 3 } });
      const kinds = await db().endpoint.findUniqueOrThrow({ where: { id: 'e-verify' }, select: { authCounts: true, authSummary: true } });
      expect(kinds).toEqual({ authCounts: { 'cookie:session,{redacted}': 2, 'cookie:session': 1, none: 4, 'proxy:unknown': 1 }, authSummary: ',cookie:session,cookie:session;{redacted},none,proxy:unknown,' });
      expect(await db().storedDataRules.findMany({ select: { name: true, version: true } })).toEqual([{ name: 'serve-start-up', version: STORED_DATA_RULES }]);
    });

    test('at the current version the next start reads no endpoint, so changes nothing', async () => {
      // A literal written after the upgrade (by hand here) shows whether a pass ran: at the current version none does.
      await db().endpoint.update({ where: { id: 'e-reset' }, data: { pathTemplate: '/password/reset/Ab3dE6gH' } });
      expect(await upgradeStoredData()).toEqual({ ran: false, version: STORED_DATA_RULES });
      expect(await templates()).toEqual(['/unsafe/300x200/http:/{param}/cam.jpg', '/download', '/v1/docs/{docId}', '/reports/Quarterly Report 2024 Final v3.pdf', '/password/reset/Ab3dE6gH', '/verify']);
    });

    test('a database recorded at an older version is brought up again, and one a newer release brought further is left', async () => {
      await db().storedDataRules.update({ where: { name: 'serve-start-up' }, data: { version: STORED_DATA_RULES - 1 } });
      expect((await upgradeStoredData()).ran).toBe(true);
      expect(await templates()).toEqual(['/unsafe/300x200/http:/{param}/cam.jpg', '/download', '/v1/docs/{docId}', '/reports/Quarterly Report 2024 Final v3.pdf', '/password/reset/{resetId}', '/verify']);
      await db().storedDataRules.update({ where: { name: 'serve-start-up' }, data: { version: STORED_DATA_RULES + 1 } });
      expect(await upgradeStoredData()).toEqual({ ran: false, version: STORED_DATA_RULES + 1 });
      expect((await db().storedDataRules.findUniqueOrThrow({ where: { name: 'serve-start-up' } })).version).toBe(STORED_DATA_RULES + 1);
    });
  });
}
