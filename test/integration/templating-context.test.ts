import { afterAll, beforeAll, expect, test } from 'vitest';
import { GET } from '../../app/api/ingest/templating/route';
import { disconnectDb } from '../../lib/db/client';
import { createOverride } from '../../lib/db/overrides';
import { registerSpec } from '../../lib/db/spec-registry';
import { createApiToken } from '../../lib/db/tokens';
import { useFreshDatabase } from '../db-harness';

const SPEC = `openapi: 3.1.0
info: { title: Ledger, version: '3', x-owner: finance, description: internal prose }
servers: [{ url: 'https://ledger.example.com/v3' }]
paths:
  /entries/{entryId}:
    get:
      operationId: getEntry
      deprecated: true
      security: [{ bearer: [] }]
      parameters: [{ name: entryId, in: path, required: true, schema: { type: string, pattern: '^e_' } }]
      responses: { '200': { description: ok } }
  /files/{path}:
    get: { parameters: [{ name: path, in: path, required: true, x-multi-segment: true, schema: { type: string } }], responses: { '200': { description: ok } } }
components:
  securitySchemes: { bearer: { type: http, scheme: bearer } }
`;

let token: string;
beforeAll(async () => {
  await useFreshDatabase('sqlite');
  token = (await createApiToken({ name: 'edge', scopes: ['ingest'] })).token;
  expect((await registerSpec({ apiSlug: 'ledger', text: SPEC, actor: 'system' })).status).toBe('created');
  await createOverride({ host: 'ledger.example.com', pattern: '/v3/reports/{report}', action: 'merge' }, 'system');
});
afterAll(() => disconnectDb());

test('a collector gets the servers, templates and overrides it templates with, and nothing else of a spec', async () => {
  const res = await GET(new Request('http://localhost/api/ingest/templating', { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({}) });
  expect(res.status).toBe(200);
  const body = await res.json();
  expect(body.overrides).toEqual([{ host: 'ledger.example.com', pattern: '/v3/reports/{report}', action: 'merge' }]);
  expect(body.specs).toHaveLength(1);
  const [spec] = body.specs;
  expect(spec.servers).toEqual([{ host: 'ledger.example.com', basePath: '/v3' }]);
  expect(spec.operations.map((o: { method: string; path: string; multiSegment: string[] }) => [o.method, o.path, o.multiSegment])).toEqual([
    ['GET', '/entries/{entryId}', []],
    ['GET', '/files/{path}', ['path']],
  ]);
  const text = JSON.stringify(body);
  for (const leaked of ['finance', 'internal prose', 'bearer', 'getEntry', '^e_', 'Ledger']) expect(text).not.toContain(leaked);
});
