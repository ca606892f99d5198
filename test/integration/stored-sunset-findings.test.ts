import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as specsRoute from '../../app/api/apis/[api]/specs/route';
import { db, disconnectDb } from '../../lib/db/client';
import { upgradeStoredData } from '../../lib/db/stored-data-rules';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, ingest, observation, tokenHeaders } from './spec-registry-helpers';

const spec = `openapi: 3.0.3
info: { title: Ledger, version: 1.0.0 }
servers: [{ url: 'https://ledger.test' }]
paths:
  /entries:
    get: { operationId: listEntries, x-sunset: '2099-01-01', responses: { '200': { description: ok } } }
  /accounts:
    get: { operationId: listAccounts, responses: { '200': { description: ok } } }
`;

async function findingKinds(): Promise<Record<string, string[]>> {
  const rows = await db().endpoint.findMany({ orderBy: { pathTemplate: 'asc' }, select: { pathTemplate: true, state: true, findings: true } });
  return Object.fromEntries(rows.map((r) => [`${r.state} ${r.pathTemplate}`, (r.findings as { kind: string }[]).map((f) => f.kind)]));
}

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`calls to an operation deprecated by a sunset date alone, stored before, on ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
      const ci = await tokenHeaders('ci', ['specs:write', 'read']);
      expect((await callRoute(specsRoute.POST, 'POST', '/api/apis/ledger/specs', { headers: ci, json: { spec, version: '1' }, params: { api: 'ledger' } })).status).toBe(201);
      await ingest([observation('ledger.test', 'GET', '/entries', 2), observation('ledger.test', 'GET', '/accounts', 1)]);
    });
    afterAll(() => disconnectDb());

    test("stay documented and carry the finding from serve's next start", async () => {
      expect(await findingKinds()).toEqual({ 'documented /accounts': [], 'documented /entries': ['deprecated-operation'] });
      // What a release before 7 Dec stored: no finding said the operation was going away.
      await db().endpoint.updateMany({ data: { findings: [] } });
      await db().storedDataRules.upsert({ where: { name: 'serve-start-up' }, create: { name: 'serve-start-up', version: 68 }, update: { version: 68 } });
      const run = await upgradeStoredData();
      expect(run.ran && run.sunsetFindings.map((c) => `${c.from} → ${c.to} ${c.path}`)).toEqual(['documented → documented /entries']);
      expect(await findingKinds()).toEqual({ 'documented /accounts': [], 'documented /entries': ['deprecated-operation'] });
    });
  });
}
