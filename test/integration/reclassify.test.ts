import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { getEndpointDetail } from '../../lib/db/endpoint-detail';
import { createOverride } from '../../lib/db/overrides';
import { createOwnershipRule } from '../../lib/db/ownership';
import { reclassifyDueSunsets, reclassifyEndpoints } from '../../lib/db/reclassify';
import { registerSpec } from '../../lib/db/spec-registry';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { endpointRows, ingest, observation } from './spec-registry-helpers';

// Registering the spec classifies at the real current time, so the sunset must stay in the future whenever this runs.
const SUNSET_DAY = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
const BEFORE_SUNSET = new Date(Date.parse(`${SUNSET_DAY}T00:00:00Z`) - 7 * 86_400_000);
const AFTER_SUNSET = new Date(Date.parse(`${SUNSET_DAY}T00:00:00Z`) + 86_400_000);

const LEDGER = `openapi: 3.1.0
info: { title: Ledger, version: '3', x-owner: finance }
servers: [{ url: 'https://ledger.example.com' }]
paths:
  /entries:
    get: { operationId: listEntries, responses: { '200': { description: ok } } }
  /entries/{entryId}:
    get: { operationId: getEntry, x-sunset: '${SUNSET_DAY}', responses: { '200': { description: ok } } }
  /balances:
    get: { operationId: getBalances, security: [{ bearer: [] }], responses: { '200': { description: ok } } }
components:
  securitySchemes: { bearer: { type: http, scheme: bearer } }
`;


for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`reclassification on ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
      await ingest([
        observation('ledger.example.com', 'GET', '/entries', 4),
        observation('ledger.example.com', 'GET', '/entries/{entryId}', 6),
        observation('ledger.example.com', 'GET', '/balances', 9, { anonymous2xx: 3, statuses: { '200': 8, '418': 1 } }),
        observation('tools.example.com', 'GET', '/billing/export', 2),
        observation('tools.example.com', 'GET', '/ops/metrics', 2),
      ]);
      const result = await registerSpec({ apiSlug: 'ledger', text: LEDGER, actor: 'system' });
      expect(result.status).toBe('created');
    });
    afterAll(() => disconnectDb());

    test('the spec decides state, operation, API, owner (from x-owner) and findings', async () => {
      const rows = await db().endpoint.findMany({ where: { host: 'ledger.example.com' }, orderBy: { pathTemplate: 'asc' }, include: { operation: true, api: true, ownerTeam: true } });
      expect(rows.map((r) => [r.pathTemplate, r.state, r.operation?.operationId, r.api?.slug, r.ownerTeam?.slug])).toEqual([
        ['/balances', 'documented', 'getBalances', 'ledger', 'finance'],
        ['/entries', 'documented', 'listEntries', 'ledger', 'finance'],
        ['/entries/{entryId}', 'documented', 'getEntry', 'ledger', 'finance'],
      ]);
      expect(rows[0].findings).toEqual([
        { kind: 'undocumented-status', message: 'responses not in the spec: 418', values: ['418'] },
        { kind: 'auth-mismatch', message: '3 unauthenticated requests got a 2xx although the spec requires security' },
      ]);
    });

    test('nothing changed → nothing written: no transaction, no audit event', async () => {
      const before = await db().auditEvent.count();
      const result = await reclassifyEndpoints({ all: true }, 'system', 'noop', { now: BEFORE_SUNSET });
      expect(result.changed).toEqual([]);
      expect(await db().auditEvent.count()).toBe(before);
    });

    test('a sunset passing makes no zombie of traffic from before it; a call after it does, in one audit event', async () => {
      expect((await reclassifyDueSunsets(BEFORE_SUNSET)).changed).toEqual([]);
      // Until 5 Dec the sunset was judged against the clock: this turned the endpoint zombie with no call since.
      expect((await reclassifyDueSunsets(AFTER_SUNSET)).changed).toEqual([]);
      expect((await reclassifyEndpoints({ all: true }, 'system', 'later', { now: AFTER_SUNSET })).changed).toEqual([]);
      // That the sunset has passed is kept as a fact of its own, for the endpoint page.
      const id = (await db().endpoint.findFirstOrThrow({ where: { host: 'ledger.example.com', pathTemplate: '/entries/{entryId}' } })).id;
      const passed = async (now: Date) => (await getEndpointDetail(id, 30, now))?.operation?.sunsetPassed;
      expect([await passed(BEFORE_SUNSET), await passed(AFTER_SUNSET)]).toEqual([false, true]);
      await ingest([observation('ledger.example.com', 'GET', '/entries/{entryId}', 1, { day: AFTER_SUNSET.toISOString().slice(0, 10) })]);
      const row = await db().endpoint.findFirstOrThrow({ where: { host: 'ledger.example.com', pathTemplate: '/entries/{entryId}' } });
      expect(row.state).toBe('zombie');
      const audit = await db().auditEvent.findFirstOrThrow({ where: { action: 'endpoints.reclassify' }, orderBy: { at: 'desc' } });
      expect(audit.summary).toBe('ingest: 1 endpoint(s) reclassified: 1 documented→zombie');
    });

    test('an approved deprecation request and a retired API make zombies too', async () => {
      const op = await db().operation.findFirstOrThrow({ where: { operationId: 'listEntries', spec: { isCurrent: true } } });
      await db().deprecationRequest.create({ data: { operationId: op.id, reason: 'replaced by /v2/entries', status: 'approved' } });
      let result = await reclassifyEndpoints({ hosts: ['ledger.example.com'] }, 'system', 'deprecation approved', { now: BEFORE_SUNSET });
      // /entries/{entryId} stays zombie whatever `now` says: it was called after its sunset.
      expect(result.changed.map((c) => [c.path, c.from, c.to]).sort()).toEqual([['/entries', 'documented', 'zombie']]);
      await db().api.update({ where: { slug: 'ledger' }, data: { lifecycle: 'retired' } });
      result = await reclassifyEndpoints({ hosts: ['ledger.example.com'] }, 'system', 'retired', { now: BEFORE_SUNSET });
      expect(result.changed.map((c) => [c.path, c.to]).sort()).toEqual([['/balances', 'zombie']]);
      await db().api.update({ where: { slug: 'ledger' }, data: { lifecycle: 'active' } });
    });

    test('ownership rules own what no spec claims: longest prefix, exact host over *', async () => {
      await createOwnershipRule({ host: '*', pathPrefix: '/', team: 'platform' });
      await createOwnershipRule({ host: '*', pathPrefix: '/billing', team: 'finance' });
      await createOwnershipRule({ host: 'tools.example.com', pathPrefix: '/', team: 'tools' });
      const rows = await db().endpoint.findMany({ where: { host: 'tools.example.com' }, orderBy: { pathTemplate: 'asc' }, include: { ownerTeam: true } });
      expect(rows.map((r) => [r.pathTemplate, r.state, r.apiId, r.ownerTeam?.slug])).toEqual([
        ['/billing/export', 'shadow', null, 'finance'],
        ['/ops/metrics', 'shadow', null, 'tools'],
      ]);
    });

    test("an approved deprecation's sunset makes a zombie only of an endpoint called after it", async () => {
      const row = await db().endpoint.findFirstOrThrow({ where: { host: 'tools.example.com', pathTemplate: '/billing/export' } });
      const request = await db().deprecationRequest.create({ data: { endpointId: row.id, reason: 'moved', status: 'approved', proposedSunset: new Date('2026-11-25T00:00:00Z') } });
      // Last called on 20 Nov: the 25 Nov sunset has passed by 1 Dec, and still no call came after it.
      expect((await reclassifyEndpoints({ hosts: ['tools.example.com'] }, 'system', 'later', { now: new Date('2026-12-01T00:00:00Z') })).changed).toEqual([]);
      await db().deprecationRequest.update({ where: { id: request.id }, data: { proposedSunset: new Date('2026-11-20T00:00:00Z') } });
      const result = await reclassifyEndpoints({ hosts: ['tools.example.com'] }, 'system', 'later', { now: new Date('2026-12-01T00:00:00Z') });
      expect(result.changed.map((c) => [c.path, c.from, c.to])).toEqual([['/billing/export', 'shadow', 'zombie']]);
      await db().deprecationRequest.delete({ where: { id: request.id } });
      await reclassifyEndpoints({ hosts: ['tools.example.com'] }, 'system', 'withdrawn');
    });

    test('ingest racing a merge: 4 concurrent pushers, every new row folded, totals exact', async () => {
      await createOverride({ host: 'ledger.example.com', pattern: '/accounts/*', action: 'merge' }, 'system');
      const pushers = Array.from({ length: 4 }, (_, p) =>
        (async () => {
          for (let b = 0; b < 5; b++) {
            await ingest([
              observation('ledger.example.com', 'GET', `/accounts/acct${p}x${b}/lines`, p + b + 1, { day: `2026-11-1${b}` }),
              observation('ledger.example.com', 'GET', `/accounts/acct${p}x${b}`, 1, { day: `2026-11-1${b}` }),
            ]);
          }
        })(),
      );
      await Promise.all(pushers);
      const rows = (await endpointRows('ledger.example.com')).filter((r) => r.path.startsWith('/accounts'));
      // Σ over p<4, b<5 of (p+b+1) = 20 + 5·6 + 4·10 = 90.
      expect(rows).toEqual([
        { host: 'ledger.example.com', method: 'GET', path: '/accounts/{accountId}', state: 'shadow', requests: 20, triage: 'new', ignored: false },
        { host: 'ledger.example.com', method: 'GET', path: '/accounts/{accountId}/lines', state: 'shadow', requests: 90, triage: 'new', ignored: false },
      ]);
      const lines = await db().endpoint.findFirstOrThrow({ where: { pathTemplate: '/accounts/{accountId}/lines' }, include: { dailyStats: { orderBy: { day: 'asc' } } } });
      expect(lines.dailyStats.map((d) => [d.day, Number(d.requests)])).toEqual([
        ['2026-11-10', 10],
        ['2026-11-11', 14],
        ['2026-11-12', 18],
        ['2026-11-13', 22],
        ['2026-11-14', 26],
      ]);
    });

    test('a spec whose server names no port documents the rows its host has on other ports, and owns their shadows', async () => {
      // Before: rows stored under payroll.example.com:8443 (a mirror of the TLS port) stayed shadow, with no API, after
      // the spec for https://payroll.example.com was pushed, although discover and ingest matched their traffic to it.
      await ingest([observation('payroll.example.com:8443', 'GET', '/runs', 3), observation('payroll.example.com:8443', 'GET', '/exports', 2)]);
      const spec = `openapi: 3.1.0\ninfo: { title: Payroll, version: '1' }\nservers: [{ url: 'https://payroll.example.com' }]\npaths:\n  /runs:\n    get: { operationId: listRuns, responses: { '200': { description: ok } } }\n`;
      expect((await registerSpec({ apiSlug: 'payroll', text: spec, actor: 'system' })).status).toBe('created');
      const rows = await db().endpoint.findMany({ where: { host: 'payroll.example.com:8443' }, orderBy: { pathTemplate: 'asc' }, include: { operation: true, api: true } });
      expect(rows.map((r) => [r.pathTemplate, r.state, r.operation?.operationId ?? null, r.api?.slug ?? null])).toEqual([
        ['/exports', 'shadow', null, 'payroll'],
        ['/runs', 'documented', 'listRuns', 'payroll'],
      ]);
    });
  });
}
