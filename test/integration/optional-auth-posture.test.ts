import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listApiOverviews } from '../../lib/db/api-overview';
import { db, disconnectDb } from '../../lib/db/client';
import { getEndpointDetail } from '../../lib/db/endpoint-detail';
import { registerSpec } from '../../lib/db/spec-registry';
import { STORED_DATA_RULES, upgradeStoredData } from '../../lib/db/stored-data-rules';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { ingest, observation } from './spec-registry-helpers';

const HOST = 'news.example.com';
// `{}` among an operation's security requirements lets anonymous callers in (OpenAPI 3 §4.8.10: optional security).
const SPEC = `openapi: 3.0.3
info: { title: News, version: '1' }
servers: [{ url: 'https://${HOST}' }]
components:
  securitySchemes:
    oauth: { type: oauth2, flows: { clientCredentials: { tokenUrl: 'https://${HOST}/token', scopes: {} } } }
paths:
  /articles:
    get:
      security: [{}, { oauth: [articles:read] }]
      responses: { '200': { description: ok } }
  /drafts:
    get:
      security: [{ oauth: [drafts:read] }]
      responses: { '200': { description: ok } }
`;

/**
 * An operation whose spec allows anonymous calls beside authenticated ones (`security: [{}, {oauth: [...]}]`) lost its
 * `{}` when stored (one row per scheme of each requirement, and `{}` has none): until 7 Dec the APIs page took it for
 * one that requires auth and docked 15 points for every such endpoint answering anonymous callers, and the endpoint
 * page said articles:read was required and never seen, where the findings (which read the spec itself) said nothing.
 */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`optional auth in a spec, on ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
      expect((await registerSpec({ apiSlug: 'news', text: SPEC, actor: 'cli' })).status).toBe('created');
      await ingest([observation(HOST, 'GET', '/articles', 10, { anonymous2xx: 6 }), observation(HOST, 'GET', '/drafts', 4, { anonymous2xx: 1 })]);
    });
    afterAll(() => disconnectDb());

    test('is no auth failure in the posture score; an operation that does require auth still is (near miss)', async () => {
      const [news] = await listApiOverviews();
      expect(news.lines.filter((l) => l.rule === 'unauthenticated-2xx').map((l) => l.explanation)).toEqual([
        '1 endpoint(s) whose spec requires auth answered 2xx without credentials (−15 each, at most −30)',
      ]);
    });

    test('the endpoint page says no scope is required, anonymous being one of the alternatives', async () => {
      const idOf = async (path: string) => (await db().endpoint.findFirstOrThrow({ where: { host: HOST, pathTemplate: path } })).id;
      const detail = await getEndpointDetail(await idOf('/articles'));
      expect(detail!.operation!.scopeAlternatives).toEqual([[], ['articles:read']]);
      const drafts = await getEndpointDetail(await idOf('/drafts'));
      expect(drafts!.operation!.scopeAlternatives).toEqual([['drafts:read']]);
    });

    // Until 7 Dec the row left `{}` out and the pages parsed the spec again for it (seconds for a large one).
    test('the Operation row stores `{}` as a row of its own, in its place', async () => {
      const row = await db().operation.findFirstOrThrow({ where: { pathTemplate: '/articles' }, select: { security: true } });
      expect(row.security).toEqual([{ requirement: 0, anonymous: true }, { requirement: 1, scheme: 'oauth', type: 'oauth2', scopes: ['articles:read'] }]);
    });

    test("rows stored before without it get it from their spec at serve's start; an operation without `{}` is left", async () => {
      const articles = await db().operation.findFirstOrThrow({ where: { pathTemplate: '/articles' } });
      await db().operation.update({ where: { id: articles.id }, data: { security: [{ requirement: 1, scheme: 'oauth', type: 'oauth2', scopes: ['articles:read'] }] } });
      const drafts = await db().operation.findFirstOrThrow({ where: { pathTemplate: '/drafts' }, select: { security: true } });
      await db().storedDataRules.upsert({ where: { name: 'serve-start-up' }, create: { name: 'serve-start-up', version: STORED_DATA_RULES - 1 }, update: { version: STORED_DATA_RULES - 1 } });

      const run = await upgradeStoredData();
      expect(run.ran && run.operationSecurity).toBe(1);
      expect((await db().operation.findUniqueOrThrow({ where: { id: articles.id } })).security).toEqual([{ requirement: 0, anonymous: true }, { requirement: 1, scheme: 'oauth', type: 'oauth2', scopes: ['articles:read'] }]);
      expect((await db().operation.findFirstOrThrow({ where: { pathTemplate: '/drafts' }, select: { security: true } })).security).toEqual(drafts.security);
      const detail = await getEndpointDetail((await db().endpoint.findFirstOrThrow({ where: { host: HOST, pathTemplate: '/articles' } })).id);
      expect(detail!.operation!.scopeAlternatives).toEqual([[], ['articles:read']]);
    });
  });
}
