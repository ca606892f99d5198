import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { STORED_DATA_RULES, upgradeStoredData } from '../../lib/db/stored-data-rules';
import { rehostCredentialHosts } from '../../lib/db/stored-hosts';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';

// What an older release stored for a JWT its HAProxy reader (captured X-Access-Token) or lighttpd reader (vhost column)
// took for the host: the token, lower-cased, its claims still readable.
const JWT_HOST = 'eyjhbgcioijiuzi1niisinr5cci6ikpxvcj9.eyjzdwiioijdqu5bulkqd3rib3n0iiwibmftzsi6ikphbmugrg9liiwiawf0ijoxnte2mjm5mdiyfq.sflkxwrjsmekkf2qt4fwpmejf36pok6yjv_adqssw5c';
const CLAIMS = 'eyjzdwiioijdqu5bulkqd3rib3n0iiwibmftzsi6ikphbmugrg9liiwiawf0ijoxnte2mjm5mdiyfq';

const row = (host: string, pathTemplate: string, requestCount: number) => ({
  host, method: 'GET', pathTemplate, requestCount: BigInt(requestCount), state: 'shadow', evidence: {},
  firstSeen: new Date('2026-12-01T10:00:00Z'), lastSeen: new Date('2026-12-02T10:00:00Z'), examplePaths: [pathTemplate],
});

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`rows stored under a credential taken for their host, on ${kind}`, () => {
    beforeAll(() => useFreshDatabase(kind));
    afterAll(() => disconnectDb());

    test("serve's start-up pass moves them to unknown-host, folded, their alerts and audit events relabelled", async () => {
      const orders = await db().endpoint.create({ data: row(JWT_HOST, '/orders', 3) });
      await db().endpoint.create({ data: row(JWT_HOST, '/items', 1) });
      await db().endpoint.create({ data: row('unknown-host', '/orders', 2) });
      // A SendGrid key HAProxy captured: its last label is no top-level domain (since 6 Dec).
      await db().endpoint.create({ data: row('sg.ngevfqflykuoufo8x5d1a.twl2igabf9dhotf-09kqef8tambihyzrnopkc-1s5cr', '/mail/send', 6) });
      // Not a token: an Icelandic volcano's site, and a host with a port.
      await db().endpoint.create({ data: row('eyjafjallajokull.is', '/orders', 4) });
      await db().endpoint.create({ data: row('shop.test:8443', '/orders', 5) });
      await db().alert.create({ data: { kind: 'new-shadow', endpointId: orders.id, summary: `new shadow endpoint GET ${JWT_HOST}/orders`, payload: { host: JWT_HOST, method: 'GET', path: '/orders' } } });
      await db().auditEvent.create({ data: { actor: 'user:a@b.test', action: 'endpoint.triage', targetType: 'endpoint', targetId: orders.id, summary: `GET ${JWT_HOST}/orders: new → acknowledged` } });
      await db().storedDataRules.create({ data: { name: 'serve-start-up', version: STORED_DATA_RULES - 1 } });

      const run = await upgradeStoredData();
      expect(run.ran && run.credentialHosts).toBe(3);
      const rows = await db().endpoint.findMany({ orderBy: [{ host: 'asc' }, { pathTemplate: 'asc' }], select: { host: true, pathTemplate: true, requestCount: true } });
      expect(rows.map((r) => `${r.host}${r.pathTemplate} ${r.requestCount}`)).toEqual([
        'eyjafjallajokull.is/orders 4',
        'shop.test:8443/orders 5',
        'unknown-host/items 1',
        'unknown-host/mail/send 6',
        'unknown-host/orders 5',
      ]);
      const alerts = await db().alert.findMany({ select: { summary: true, payload: true } });
      expect(alerts).toEqual([{ summary: 'new shadow endpoint GET unknown-host/orders', payload: { host: 'unknown-host', method: 'GET', path: '/orders' } }]);
      const audit = await db().auditEvent.findMany({ orderBy: { at: 'asc' }, select: { action: true, summary: true } });
      expect(audit.filter((a) => a.action !== 'endpoint.classify')).toEqual([
        { action: 'endpoint.triage', summary: 'GET unknown-host/orders: new → acknowledged' },
        { action: 'endpoints.rehost', summary: 'stored hosts: 3 endpoint(s) whose host was a credential moved to unknown-host' },
      ]);
      expect(JSON.stringify(await db().auditEvent.findMany())).not.toContain(CLAIMS);
    });

    test('a token per caller is a row per caller and path: they are moved page by page, every one', async () => {
      const hosts = Array.from({ length: 3 }, (_, i) => JWT_HOST.replace('sflk', `sf${i}k`));
      await db().endpoint.createMany({ data: Array.from({ length: 501 }, (_, i) => row(hosts[i % 3], `/many/${i}`, 1)) });
      expect(await rehostCredentialHosts()).toEqual({ changed: 501 });
      expect(await db().endpoint.count({ where: { pathTemplate: { startsWith: '/many/' }, host: 'unknown-host' } })).toBe(501);
    });
  });
}
