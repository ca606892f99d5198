import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as apiRoute from '../../app/api/apis/[api]/route';
import * as specsRoute from '../../app/api/apis/[api]/specs/route';
import * as previewRoute from '../../app/api/apis/[api]/specs/preview/route';
import * as endpointsRoute from '../../app/api/endpoints/route';
import { db, disconnectDb } from '../../lib/db/client';
import { registerSpec } from '../../lib/db/spec-registry';
import { readSpecPreviewResponse } from '../../lib/inventory/spec-views';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { SHARED_FIXTURES } from '../require';
import { callRoute, endpointRows, ingest, observation, sessionHeaders, tokenHeaders } from './spec-registry-helpers';

const PAYMENTS_V1 = `openapi: 3.0.3
info: { title: Payments, version: 1.0.0 }
servers: [{ url: 'https://pay.example.com/v1' }]
paths:
  /invoices:
    get: { operationId: listInvoices, responses: { '200': { description: ok } } }
  /invoices/{invoiceId}:
    get:
      operationId: getInvoice
      parameters: [{ name: invoiceId, in: path, required: true, schema: { type: string } }]
      responses: { '200': { description: ok } }
  /refunds:
    post: { operationId: createRefund, responses: { '201': { description: created } } }
  /payouts:
    get: { operationId: listPayouts, responses: { '200': { description: ok } } }
`;

/** v2: payouts removed, refunds newly deprecated, disputes added. */
const PAYMENTS_V2 = PAYMENTS_V1.replace(/  \/payouts:\n.*\n/, '')
  .replace('post: { operationId: createRefund,', 'post: { operationId: createRefund, deprecated: true,')
  .concat(`  /disputes:\n    get: { operationId: listDisputes, responses: { '200': { description: ok } } }\n`);

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`spec registry on ${kind}`, () => {
    let owner: Record<string, string>;
    let stranger: Record<string, string>;
    let ci: Record<string, string>;
    beforeAll(async () => {
      await useFreshDatabase(kind);
      owner = await sessionHeaders('owner@pay.test', 'owner', ['payments']);
      stranger = await sessionHeaders('owner@other.test', 'owner', ['search']);
      ci = await tokenHeaders('ci', ['specs:write', 'read']);
    });
    afterAll(() => disconnectDb());

    test('registering a spec that documents three shadow endpoints turns exactly those three documented, with an audit event', async () => {
      await ingest([
        observation('pay.example.com', 'GET', '/v1/invoices', 10),
        // Templated by traffic with another parameter name: adopted under the spec's template.
        observation('pay.example.com', 'GET', '/v1/invoices/{param}', 7),
        observation('pay.example.com', 'POST', '/v1/refunds', 3),
        observation('pay.example.com', 'GET', '/v1/internal/debug', 2),
        observation('pay.example.com', 'DELETE', '/v1/invoices', 1),
        observation('other.example.com', 'GET', '/v1/invoices', 4),
      ]);
      expect((await endpointRows()).every((r) => r.state === 'shadow')).toBe(true);

      const res = await callRoute(specsRoute.POST, 'POST', '/api/apis/payments/specs?owner=payments', {
        headers: { ...owner, 'content-type': 'application/yaml' },
        body: PAYMENTS_V1,
        params: { api: 'payments' },
      });
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('created');
      expect(res.body.apiCreated).toBe(true);
      expect(res.body.spec).toMatchObject({ version: '1.0.0', format: 'openapi-3.0', operationCount: 4 });
      expect(res.body.reclassified.filter((c: { from: string; to: string }) => c.from === 'shadow' && c.to === 'documented')).toHaveLength(3);

      const list = await callRoute(endpointsRoute.GET, 'GET', '/api/endpoints?sort=path&order=asc&pageSize=50', { headers: ci });
      expect(list.status).toBe(200);
      const seen = list.body.items.map((e: { host: string; method: string; pathTemplate: string; state: string; api: { slug: string } | null; ownerTeam: { slug: string } | null; requestCount: number }) =>
        `${e.state} ${e.method} ${e.host}${e.pathTemplate} ${e.requestCount} ${e.api?.slug ?? '-'} ${e.ownerTeam?.slug ?? '-'}`,
      );
      expect(seen.sort()).toEqual([
        'documented GET pay.example.com/v1/invoices 10 payments payments',
        'documented GET pay.example.com/v1/invoices/{invoiceId} 7 payments payments',
        'documented POST pay.example.com/v1/refunds 3 payments payments',
        'shadow DELETE pay.example.com/v1/invoices 1 payments payments',
        'shadow GET other.example.com/v1/invoices 4 - -',
        'shadow GET pay.example.com/v1/internal/debug 2 payments payments',
      ]);
      expect(list.body.countsByState).toEqual({ documented: 3, shadow: 3, zombie: 0 });

      const audit = await db().auditEvent.findMany({ where: { action: { in: ['endpoints.reclassify', 'spec.register'] } }, orderBy: { at: 'asc' } });
      const reclassify = audit.filter((a) => a.action === 'endpoints.reclassify' && a.actor === 'user:owner@pay.test');
      expect(reclassify).toHaveLength(1);
      // The two other shadows on the API's host changed only their API and owner; other.example.com was out of scope.
      expect(reclassify[0].summary).toBe('spec payments@1.0.0: 5 endpoint(s) reclassified: 2 shadow (details), 3 shadow→documented');
      expect(audit.filter((a) => a.action === 'spec.register').map((a) => a.summary)).toEqual(['registered payments@1.0.0 (4 operations); 5 endpoint(s) reclassified']);
    });

    test('a re-ingest lands on the adopted rows, and pushing identical content again is a no-op', async () => {
      await ingest([observation('pay.example.com', 'GET', '/v1/invoices/{invoiceId}', 5), observation('pay.example.com', 'GET', '/v1/invoices/{param}', 1)]);
      const invoice = (await endpointRows('pay.example.com')).filter((r) => r.path.startsWith('/v1/invoices/'));
      expect(invoice).toEqual([{ host: 'pay.example.com', method: 'GET', path: '/v1/invoices/{invoiceId}', state: 'documented', requests: 13, triage: 'new', ignored: false }]);
      const again = await callRoute(specsRoute.POST, 'POST', '/api/apis/payments/specs', { headers: ci, body: PAYMENTS_V1, params: { api: 'payments' } });
      expect(again.status).toBe(200);
      expect(again.body.status).toBe('unchanged');
      expect(await db().spec.count()).toBe(1);
    });

    test('a new version stores its diff, adopts and drops operations, and turns a newly deprecated one zombie', async () => {
      const res = await callRoute(specsRoute.POST, 'POST', '/api/apis/payments/specs', {
        headers: ci,
        json: { spec: PAYMENTS_V2, version: '2.0.0' },
        params: { api: 'payments' },
      });
      expect(res.status).toBe(201);
      expect(res.body.spec.diffSummary).toEqual({
        previousSpecId: expect.any(String),
        previousVersion: '1.0.0',
        added: [{ method: 'GET', path: '/disputes', operationId: 'listDisputes' }],
        removed: [{ method: 'GET', path: '/payouts', operationId: 'listPayouts' }],
        newlyDeprecated: [{ method: 'POST', path: '/refunds', operationId: 'createRefund' }],
        moved: [],
      });
      const refunds = (await endpointRows('pay.example.com')).find((r) => r.path === '/v1/refunds');
      expect(refunds?.state).toBe('zombie');

      const history = await callRoute(specsRoute.GET, 'GET', '/api/apis/payments/specs', { headers: ci, params: { api: 'payments' } });
      expect(history.body.items.map((s: { version: string; isCurrent: boolean; operationCount: number }) => [s.version, s.isCurrent, s.operationCount])).toEqual([
        ['2.0.0', true, 4],
        ['1.0.0', false, 4],
      ]);
      const api = await callRoute(apiRoute.GET, 'GET', '/api/apis/payments', { headers: ci, params: { api: 'payments' } });
      expect(api.body).toMatchObject({
        slug: 'payments',
        name: 'Payments',
        ownerTeam: { slug: 'payments' },
        hosts: ['https://pay.example.com/v1'],
        currentSpec: { version: '2.0.0', format: 'openapi-3.0', operationCount: 4 },
        specCount: 2,
        endpointsByState: { documented: 2, shadow: 2, zombie: 1 },
      });
    });

    test('re-pushing an older version makes it current again and reclassifies back', async () => {
      const res = await callRoute(specsRoute.POST, 'POST', '/api/apis/payments/specs', { headers: owner, body: PAYMENTS_V1, params: { api: 'payments' } });
      expect(res.body.status).toBe('restored');
      expect((await endpointRows('pay.example.com')).find((r) => r.path === '/v1/refunds')?.state).toBe('documented');
      expect(await db().spec.count({ where: { isCurrent: true } })).toBe(1);
    });

    test('an invalid spec is refused with 422 and the JSON pointer of every problem', async () => {
      const broken = `openapi: 3.0.3\ninfo: { title: Broken, version: '1' }\npaths:\n  /a:\n    get: { responses: 5 }\n`;
      const res = await callRoute(specsRoute.POST, 'POST', '/api/apis/broken/specs', { headers: ci, body: broken, params: { api: 'broken' } });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('invalid_spec');
      expect(res.body.error.details).toEqual([{ pointer: '/paths/~1a/get/responses', message: 'type must be object' }]);
      const notYaml = await callRoute(specsRoute.POST, 'POST', '/api/apis/broken/specs', { headers: ci, body: 'swagger: "1.2"\n', params: { api: 'broken' } });
      expect(notYaml.status).toBe(422);
      expect(notYaml.body.error.details).toEqual([{ pointer: '/swagger', message: 'unsupported Swagger version 1.2' }]);
      expect(await db().api.findUnique({ where: { slug: 'broken' } })).toBeNull();
    });

    test('a spec that is not UTF-8 is refused with the offset of the first bad byte, raw or multipart, and nothing is saved', async () => {
      const latin1 = Buffer.concat([Buffer.from("openapi: 3.0.3\ninfo: {title: \"caf"), Buffer.from([0xe9]), Buffer.from('", version: "1"}\npaths: {}\n')]);
      const expected = [{ pointer: '', message: 'not valid UTF-8: the byte sequence at byte offset 33 is not a character (save the file as UTF-8)' }];
      const raw = await callRoute(specsRoute.POST, 'POST', '/api/apis/latin/specs', { headers: { ...ci, 'content-type': 'application/yaml' }, body: new Uint8Array(latin1), params: { api: 'latin' } });
      expect([raw.status, raw.body.error.code, raw.body.error.details]).toEqual([422, 'invalid_spec', expected]);
      const form = new FormData();
      form.set('spec', new Blob([new Uint8Array(latin1)]), 'latin.yaml');
      const multipart = await callRoute(specsRoute.POST, 'POST', '/api/apis/latin/specs', { headers: ci, body: form, params: { api: 'latin' } });
      expect([multipart.status, multipart.body.error.details]).toEqual([422, expected]);
      expect(await db().api.findUnique({ where: { slug: 'latin' } })).toBeNull();
    });

    test("an owner of another team may not push to this API; a multipart upload of a real spec creates a new API", async () => {
      const denied = await callRoute(specsRoute.POST, 'POST', '/api/apis/payments/specs', { headers: stranger, body: PAYMENTS_V2, params: { api: 'payments' } });
      expect(denied.status).toBe(403);
      const form = new FormData();
      form.set('spec', new Blob([readFileSync(join(SHARED_FIXTURES, 'specs/oai__petstore-expanded_v3.yaml'))]), 'petstore.yaml');
      form.set('version', '1.0.0-ci');
      form.set('owner', 'search');
      const created = await callRoute(specsRoute.POST, 'POST', '/api/apis/petstore/specs', { headers: stranger, body: form, params: { api: 'petstore' } });
      expect(created.status).toBe(201);
      expect(created.body.spec).toMatchObject({ version: '1.0.0-ci', format: 'openapi-3.0', operationCount: 4 });
      const ops = await db().operation.findMany({ where: { specId: created.body.spec.id }, orderBy: [{ pathTemplate: 'asc' }, { method: 'asc' }] });
      expect(ops.map((o) => `${o.method} ${o.pathTemplate} ${o.operationId}`)).toEqual([
        'GET /pets findPets',
        'POST /pets addPet',
        'DELETE /pets/{id} deletePet',
        'GET /pets/{id} find pet by id',
      ]);
      const api = await db().api.findUniqueOrThrow({ where: { slug: 'petstore' }, include: { ownerTeam: true } });
      expect(api.ownerTeam?.slug).toBe('search');
      expect(api.hosts).toEqual(['https://petstore.swagger.io/v2']);
    });

    test('owner and version are checked like every team slug and version: 400 naming the field, nothing created', async () => {
      const spec = PAYMENTS_V1.replace('pay.example.com', 'names.example.com');
      const push = (query: string, body = spec, headers = ci, type = 'application/yaml') =>
        callRoute(specsRoute.POST, 'POST', `/api/apis/names/specs${query}`, { headers: { ...headers, 'content-type': type }, body, params: { api: 'names' } });
      const refusals = [
        await push(`?owner=${encodeURIComponent('Bad Team <x>\u0000')}`),
        await push(`?version=${'9'.repeat(200_000)}`),
        await push('?version=1.0%0A2.0'),
        await push('', JSON.stringify({ spec, owner: 'Payments Team' }), ci, 'application/json'),
      ];
      expect(refusals.map((r) => [r.status, r.body.error.code, r.body.error.details.map((d: { path: string }) => d.path)])).toEqual([
        [400, 'invalid_request', ['owner']],
        [400, 'invalid_request', ['version']],
        [400, 'invalid_request', ['version']],
        [400, 'invalid_request', ['owner']],
      ]);
      // The document's own info.version is stored when no version is given: same limit.
      const longInfo = await push('', spec.replace('version: 1.0.0', `version: '${'1.'.repeat(40)}0'`));
      expect([longInfo.status, longInfo.body.error.details]).toEqual([422, [{ pointer: '/info/version', message: 'version: a version is at most 64 characters' }]]);
      // `lantern spec push --owner` without --server registers directly, by the same rules.
      const cli = await registerSpec({ apiSlug: 'names', text: spec, ownerTeam: 'Bad Team', actor: 'system' });
      expect(cli).toEqual({ status: 'invalid', problems: [{ pointer: '', message: "owner: a team slug is lowercase letters, digits and '-', starting with a letter or digit, at most 64 characters" }] });
      expect(await db().api.findUnique({ where: { slug: 'names' } })).toBeNull();
      expect((await db().team.findMany({ orderBy: { slug: 'asc' } })).map((t) => t.slug)).toEqual(['payments', 'search']);

      // An owner cannot create a team by naming it; a specs:write token (CI) can, with a valid slug.
      expect((await push('?owner=brand-new', spec, stranger)).status).toBe(403);
      expect(await db().team.findUnique({ where: { slug: 'brand-new' } })).toBeNull();
      const ok = await push(`?owner=brand-new&version=${'v'.repeat(64)}`);
      expect([ok.status, ok.body.spec.version]).toEqual([201, 'v'.repeat(64)]);
      expect((await db().api.findUniqueOrThrow({ where: { slug: 'names' }, include: { ownerTeam: true } })).ownerTeam?.slug).toBe('brand-new');
    });

    test('a preview is checked as the upload is: the same 403s and 422s, in the one error shape the upload form reads', async () => {
      const preview = (api: string, body: string, headers: Record<string, string>) =>
        callRoute(previewRoute.POST, 'POST', `/api/apis/${api}/specs/preview`, { headers: { ...headers, 'content-type': 'application/yaml' }, body, params: { api } });
      const upload = (api: string, body: string, headers: Record<string, string>) =>
        callRoute(specsRoute.POST, 'POST', `/api/apis/${api}/specs`, { headers: { ...headers, 'content-type': 'application/yaml' }, body, params: { api } });
      const evil = PAYMENTS_V2.replace('title: Payments', 'title: Evil');
      const invalid = 'swagger: "1.2"\n';
      const cases: [string, string, Record<string, string>][] = [
        ['payments', PAYMENTS_V2, stranger], // another team's API
        ['evil', evil, stranger], // a new API on another team's host
        ['BAD_SLUG', PAYMENTS_V2, owner], // no API can have this slug: no such API, whatever the spec says
        ['payments', invalid, owner],
      ];
      const before = await db().spec.count();
      for (const [api, body, headers] of cases) {
        const [p, u] = [await preview(api, body, headers), await upload(api, body, headers)];
        expect([api, p.status, p.body]).toEqual([api, u.status, u.body]);
      }
      expect(await db().spec.count()).toBe(before);
      const refused = await Promise.all(cases.map(([api, body, headers]) => preview(api, body, headers)));
      expect(refused.map((r) => [r.status, r.body.error.code])).toEqual([[403, 'forbidden'], [403, 'forbidden'], [404, 'not_found'], [422, 'invalid_spec']]);

      // What the upload form makes of the answers: the problems listed, a refusal's message, the preview itself.
      expect(readSpecPreviewResponse(refused[3].status, refused[3].body)).toEqual({ view: { status: 'invalid', problems: refused[3].body.error.details } });
      expect(refused[3].body.error.details.length).toBeGreaterThan(0);
      expect(readSpecPreviewResponse(refused[0].status, refused[0].body)).toEqual({ message: "you do not own API 'payments'" });
      const ok = await preview('payments', PAYMENTS_V2, owner);
      expect(ok.status).toBe(200);
      // The label the text is stored under (it was registered as 2.0.0), not its info.version (until 7 Dec 1.0.0).
      expect(readSpecPreviewResponse(ok.status, ok.body)).toMatchObject({ view: { status: 'ok', title: 'Payments', version: '2.0.0', operationCount: 4 } });
    });

    test('two first pushes of one new API at once: one creates it, the other adds a version, one spec is current', async () => {
      const push = (version: string) =>
        callRoute(specsRoute.POST, 'POST', `/api/apis/twins/specs?version=${version}`, { headers: ci, body: PAYMENTS_V1.replace('title: Payments', `title: Twins ${version}`), params: { api: 'twins' } });
      const results = await Promise.all([push('a'), push('b')]);
      expect(results.map((r) => r.status)).toEqual([201, 201]);
      expect(results.filter((r) => r.body.apiCreated)).toHaveLength(1);
      const specs = await db().spec.findMany({ where: { api: { slug: 'twins' } } });
      expect(specs.map((s) => s.version).sort()).toEqual(['a', 'b']);
      expect(specs.filter((s) => s.isCurrent)).toHaveLength(1);
    });
  });
}
