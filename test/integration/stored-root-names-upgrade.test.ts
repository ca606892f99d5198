import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { ingestBatch } from '../../lib/db/ingest-pipeline';
import { migrateDatabase } from '../../lib/db/migrate';
import { registerSpec } from '../../lib/db/spec-registry';
import { retemplateStoredEndpoints } from '../../lib/db/stored-templates';
import type { EndpointObservation } from '../../lib/inventory/observation';
import { DATABASE_KINDS, databaseAvailable } from '../db-harness';
import { useOldReleaseDatabase, sqlTime } from './old-release-db';
import { observation } from './spec-registry-helpers';

/** Docker Engine's shape: a base path and no host, so any host may serve it. */
const ENGINE_SPEC = `swagger: '2.0'
info: { title: Engine, version: '1.41' }
basePath: /v1.41
paths:
  /containers/json:
    get: { responses: { '200': { description: ok } } }
`;

// What a release before 7 Dec (ab30847) stored for the mitmproxy HARs beside that spec: the site's files at the root
// as one `{param}`, its directories as `{param}/{param2}`; a file the site served since, stored as today's engine
// does; and a root parameter of integers on another host, which today's engine makes too.
const OLD_ROWS = `
INSERT INTO "Endpoint" ("id", "host", "method", "pathTemplate", "firstSeen", "lastSeen", "requestCount", "updatedAt", "state", "examplePaths", "triage", "triageNote") VALUES
  ('e-files', 'mitmproxy.org', 'GET', '/{param}', ${sqlTime('2026-12-01')}, ${sqlTime('2026-12-05')}, 20, ${sqlTime('2026-12-05')}, 'shadow', '["/clipboard.min.js","/favicon.ico","/github-btn.html","/logo-navbar.png","/mitmweb.png"]', 'acknowledged', 'the website'),
  ('e-dirs', 'mitmproxy.org', 'GET', '/{param}/{param2}', ${sqlTime('2026-12-01')}, ${sqlTime('2026-12-05')}, 9, ${sqlTime('2026-12-05')}, 'shadow', '["/data/github-stats.json","/sponsors/netograph.svg","/sponsors/proxyman.png","/webfonts/fa-brands-400.woff2","/webfonts/fa-solid-900.woff2"]', 'new', NULL),
  ('e-clipboard', 'mitmproxy.org', 'GET', '/clipboard.min.js', ${sqlTime('2026-12-07')}, ${sqlTime('2026-12-07')}, 1, ${sqlTime('2026-12-07')}, 'shadow', '["/clipboard.min.js"]', 'new', NULL),
  ('e-ids', 'ids.example.com', 'GET', '/{param}', ${sqlTime('2026-12-01')}, ${sqlTime('2026-12-01')}, 4, ${sqlTime('2026-12-01')}, 'shadow', '["/12345","/67890"]', 'new', NULL);
INSERT INTO "EndpointDailyStat" ("endpointId", "day", "requests", "errors", "unauthenticated") VALUES
  ('e-files', '2026-12-05', 20, 0, 20), ('e-dirs', '2026-12-05', 9, 1, 9), ('e-clipboard', '2026-12-07', 1, 0, 1), ('e-ids', '2026-12-01', 4, 0, 0);
INSERT INTO "Alert" ("id", "kind", "endpointId", "summary", "payload", "createdAt", "deliveredAt", "attempts") VALUES
  ('a-files', 'new-shadow', 'e-files', 'new shadow endpoint GET mitmproxy.org/{param}', '{"host":"mitmproxy.org","method":"GET","path":"/{param}","state":"shadow"}', ${sqlTime('2026-12-01')}, NULL, 0);
`;

const rowsNow = async () =>
  (await db().endpoint.findMany({ orderBy: [{ host: 'asc' }, { pathTemplate: 'asc' }], select: { id: true, host: true, pathTemplate: true, requestCount: true, triage: true } })).map((r) => [r.id, r.host, r.pathTemplate, r.requestCount, r.triage]);

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`a site's root names a spec's base path merged before 7 Dec, upgraded on ${kind}`, () => {
    beforeAll(async () => {
      const old = await useOldReleaseDatabase(kind);
      expect((await registerSpec({ apiSlug: 'engine', text: ENGINE_SPEC, actor: 'system' })).status).toBe('created');
      await disconnectDb();
      await old.exec(OLD_ROWS);
      await old.close();
      await migrateDatabase(process.env.DATABASE_URL!);
    });
    afterAll(() => disconnectDb());

    test("serve's start-up pass gives each such row its first example's path, every request kept once", async () => {
      expect(await retemplateStoredEndpoints()).toEqual({ retemplated: 2, folded: 1, examples: 0 });
      // The files' 20 requests are counted under the first of them (folded with its own one), the directories' 9
      // under `/data/github-stats.json`: what each name had cannot be told from five example paths.
      expect(await rowsNow()).toEqual([
        ['e-ids', 'ids.example.com', '/{param}', 4n, 'new'],
        ['e-clipboard', 'mitmproxy.org', '/clipboard.min.js', 21n, 'acknowledged'],
        ['e-dirs', 'mitmproxy.org', '/data/github-stats.json', 9n, 'new'],
      ]);
      const stats = await db().endpointDailyStat.findMany({ orderBy: [{ endpointId: 'asc' }, { day: 'asc' }] });
      expect(stats.map((s) => [s.endpointId, s.day, s.requests, s.errors])).toEqual([
        ['e-clipboard', '2026-12-05', 20n, 0n], ['e-clipboard', '2026-12-07', 1n, 0n], ['e-dirs', '2026-12-05', 9n, 1n], ['e-ids', '2026-12-01', 4n, 0n],
      ]);
      const [alert] = await db().alert.findMany({ select: { endpointId: true, summary: true, payload: true } });
      expect([alert.endpointId, alert.summary, (alert.payload as { path: string }).path]).toEqual(['e-clipboard', 'new shadow endpoint GET mitmproxy.org/clipboard.min.js', '/clipboard.min.js']);
    });

    test('a second run changes nothing', async () => {
      const before = await rowsNow();
      expect(await retemplateStoredEndpoints()).toEqual({ retemplated: 0, folded: 0, examples: 0 });
      expect(await rowsNow()).toEqual(before);
    });

    test("a new file at the site's root is an endpoint of its own, an integer at another host's root still the parameter's", async () => {
      // Until the pass, a new `/robots.txt` was folded into the stored `/{param}` (21 requests).
      const push = (o: EndpointObservation) => ingestBatch({ idempotencyKey: `test-${randomUUID()}`, collector: { name: 'edge', kind: 'log' }, observations: [o], stats: {} });
      await push({ ...observation('mitmproxy.org', 'GET', '/robots.txt', 1, { day: '2026-12-07' }), examplePaths: ['/robots.txt'] });
      await push({ ...observation('ids.example.com', 'GET', '/{param}', 1, { day: '2026-12-07' }), examplePaths: ['/424242'] });
      // A name beside integers at a root nothing makes values is no integer: it was folded into their `{param}` too.
      await push({ ...observation('ids.example.com', 'GET', '/favicon.ico', 1, { day: '2026-12-07' }), examplePaths: ['/favicon.ico'] });
      expect(await rowsNow()).toEqual([
        [expect.any(String), 'ids.example.com', '/favicon.ico', 1n, 'new'],
        ['e-ids', 'ids.example.com', '/{param}', 5n, 'new'],
        ['e-clipboard', 'mitmproxy.org', '/clipboard.min.js', 21n, 'acknowledged'],
        ['e-dirs', 'mitmproxy.org', '/data/github-stats.json', 9n, 'new'],
        [expect.any(String), 'mitmproxy.org', '/robots.txt', 1n, 'new'],
      ]);
    });
  });
}
