import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as apiRoute from '../../app/api/apis/[api]/route';
import * as checkRoute from '../../app/api/apis/[api]/check/route';
import * as specsRoute from '../../app/api/apis/[api]/specs/route';
import * as previewRoute from '../../app/api/apis/[api]/specs/preview/route';
import * as decisionRoute from '../../app/api/deprecations/[id]/decision/route';
import * as endpointRoute from '../../app/api/endpoints/[id]/route';
import * as endpointsRoute from '../../app/api/endpoints/route';
import * as openapiExportRoute from '../../app/api/exports/openapi/route';
import * as overrideRoute from '../../app/api/overrides/[id]/route';
import * as ruleRoute from '../../app/api/ownership-rules/[id]/route';
import * as tokenRoute from '../../app/api/tokens/[id]/route';
import * as revokeRoute from '../../app/api/users/[id]/sessions/revoke/route';
import { disconnectDb } from '../../lib/db/client';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, sessionHeaders } from './spec-registry-helpers';

/**
 * PostgreSQL takes U+0000 in no text query parameter: an id, slug or filter holding one reached the database and
 * came back a 500 (`/api/apis/%00`, `/api/exports/openapi?host=%00`). One check in withAuth and parseSearchParams.
 */
const SPEC = 'openapi: 3.0.3\ninfo: { title: t, version: "1" }\npaths: {}\n';

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`U+0000 in a URL on ${kind}`, () => {
    let admin: Record<string, string>;
    beforeAll(async () => {
      await useFreshDatabase(kind);
      admin = await sessionHeaders('admin@example.org', 'admin');
    });
    afterAll(() => disconnectDb());

    test('U+0000 in a path id is a 404 and in any query parameter a 400 naming it, on every route: never a 500', async () => {
      const NUL = '\u0000';
      const status = async (p: Promise<{ status: number; body: { error?: { code: string; details?: unknown } } }>) => {
        const r = await p;
        return [r.status, r.body.error?.code, r.body.error?.details];
      };
      const notFound = [404, 'not_found', undefined];
      const a = { headers: admin, params: { api: NUL } };
      const id = { headers: admin, params: { id: NUL } };
      expect(await status(callRoute(apiRoute.GET, 'GET', '/api/apis/%00', a))).toEqual(notFound);
      expect(await status(callRoute(checkRoute.GET, 'GET', '/api/apis/%00/check', a))).toEqual(notFound);
      expect(await status(callRoute(specsRoute.GET, 'GET', '/api/apis/%00/specs', a))).toEqual(notFound);
      expect(await status(callRoute(specsRoute.POST, 'POST', '/api/apis/%00/specs', { ...a, body: SPEC }))).toEqual(notFound);
      expect(await status(callRoute(previewRoute.POST, 'POST', '/api/apis/%00/specs/preview', { ...a, body: SPEC }))).toEqual(notFound);
      const decision = { decision: 'approve', note: 'ok' };
      expect(await status(callRoute(decisionRoute.POST, 'POST', '/api/deprecations/%00/decision', { ...id, json: decision }))).toEqual(notFound);
      expect(await status(callRoute(endpointRoute.PATCH, 'PATCH', '/api/endpoints/%00', { ...id, json: { triage: 'acknowledged' } }))).toEqual(notFound);
      expect(await status(callRoute(overrideRoute.DELETE, 'DELETE', '/api/overrides/%00', id))).toEqual(notFound);
      expect(await status(callRoute(ruleRoute.DELETE, 'DELETE', '/api/ownership-rules/%00', id))).toEqual(notFound);
      expect(await status(callRoute(tokenRoute.DELETE, 'DELETE', '/api/tokens/%00', id))).toEqual(notFound);
      expect(await status(callRoute(revokeRoute.POST, 'POST', '/api/users/%00/sessions/revoke', id))).toEqual(notFound);

      const refused = (name: string) => [400, 'invalid_request', [{ path: name, message: 'must not contain NUL characters' }]];
      expect(await status(callRoute(openapiExportRoute.GET, 'GET', '/api/exports/openapi?host=%00', { headers: admin }))).toEqual(refused('host'));
      expect(await status(callRoute(endpointsRoute.GET, 'GET', '/api/endpoints?owner=%00', { headers: admin }))).toEqual(refused('owner'));
      expect(await status(callRoute(endpointsRoute.GET, 'GET', '/api/endpoints?method=%00', { headers: admin }))).toEqual(refused('method'));
      expect(await status(callRoute(endpointsRoute.GET, 'GET', '/api/endpoints?a%00=1', { headers: admin }))).toEqual(refused('a%00'));
      // A NUL beside a wrong value: both named, the NUL before the schema runs.
      expect(await status(callRoute(endpointsRoute.GET, 'GET', '/api/endpoints?host=%00&page=0', { headers: admin }))).toEqual(refused('host'));
      const ok = await openapiExportRoute.GET(new Request('http://localhost/api/exports/openapi?host=api.example.com', { headers: admin }), { params: Promise.resolve({}) as Promise<never> });
      expect(ok.status).toBe(200);
    });
  });
}
