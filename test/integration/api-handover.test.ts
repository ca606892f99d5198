import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { POST as pushSpec } from '../../app/api/apis/[api]/specs/route';
import { db, disconnectDb } from '../../lib/db/client';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, ingest, observation, sessionHeaders } from './spec-registry-helpers';

const SPEC = `openapi: 3.1.0
info: { title: Pay, version: '1' }
servers: [{ url: 'https://pay.example.com' }]
paths:
  /charges:
    get: { operationId: listCharges, responses: { '200': { description: ok } } }
`;

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`handing an API to another team on ${kind}`, () => {
    let admin: Record<string, string>;
    const push = (owner: string) => callRoute(pushSpec, 'POST', `/api/apis/pay/specs?owner=${owner}`, { headers: { ...admin, 'content-type': 'application/yaml' }, body: SPEC, params: { api: 'pay' } });
    const owners = async () => (await db().endpoint.findMany({ orderBy: { pathTemplate: 'asc' }, select: { pathTemplate: true, ownerTeam: { select: { slug: true } } } })).map((e) => [e.pathTemplate, e.ownerTeam?.slug]);

    beforeAll(async () => {
      await useFreshDatabase(kind);
      admin = await sessionHeaders('admin@example.org', 'admin');
      await ingest([observation('pay.example.com', 'GET', '/charges', 3, { day: '2026-12-01' }), observation('pay.example.com', 'GET', '/internal/debug', 2, { day: '2026-12-01' })]);
    });
    afterAll(() => disconnectDb());

    test('the same spec pushed with another owner moves its endpoints to that team, with an audit event', async () => {
      expect((await push('alpha')).status).toBe(201);
      expect(await owners()).toEqual([['/charges', 'alpha'], ['/internal/debug', 'alpha']]);

      const handed = await push('beta');
      expect([handed.status, handed.body.status, handed.body.reclassified.length]).toEqual([200, 'unchanged', 2]);
      expect(await owners()).toEqual([['/charges', 'beta'], ['/internal/debug', 'beta']]);
      const audit = await db().auditEvent.findMany({ where: { action: 'api.owner' }, select: { actor: true, summary: true } });
      expect(audit).toEqual([{ actor: 'user:admin@example.org', summary: 'pay handed from team alpha to team beta' }]);

      // Pushed again unchanged, nothing more happens.
      expect((await push('beta')).body).toMatchObject({ status: 'unchanged', reclassified: [] });
      expect(await db().auditEvent.count({ where: { action: 'api.owner' } })).toBe(1);
    });
  });
}
