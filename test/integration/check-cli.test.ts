import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as checkRoute from '../../app/api/apis/[api]/check/route';
import * as specsRoute from '../../app/api/apis/[api]/specs/route';
import * as inventoryRoute from '../../app/api/inventory/route';
import { db, disconnectDb } from '../../lib/db/client';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { SHARED_FIXTURES } from '../require';
import { ingest, observation, tokenHeaders } from './spec-registry-helpers';

import { runLantern } from '../run-lantern';
const PETSTORE = join(SHARED_FIXTURES, 'specs/oai__petstore-expanded_v3.yaml');
const HOST = 'petstore.swagger.io';

async function lantern(...args: string[]) {
  // Without --server the commands must use DATABASE_URL, whatever the developer's shell exports.
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...env } = process.env;
  return runLantern(args, env);
}

/** A stand-in for `lantern serve`: the real route handlers behind a real HTTP listener (no Next.js build needed). */
function routeServer(): Promise<Server> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const m = /^\/api\/(?:apis\/([^/?]+)\/(check|specs)|(inventory))/.exec(req.url ?? '');
    if (!m) return void res.writeHead(404).end();
    const handler = (m[3] ? inventoryRoute.GET : m[2] === 'check' ? checkRoute.GET : specsRoute.POST) as typeof checkRoute.GET;
    const headers = Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === 'string');
    const request = new Request(`http://localhost${req.url}`, { method: req.method, headers, body: chunks.length > 0 ? Buffer.concat(chunks) : undefined });
    const response = await handler(request, { params: Promise.resolve({ api: m[1] ?? '' }) });
    res.writeHead(response.status, { 'content-type': 'application/json' }).end(Buffer.from(await response.arrayBuffer()));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`spec push, check and inventory CLI on ${kind}`, () => {
    let server: Server;
    let url: string;
    beforeAll(async () => {
      await useFreshDatabase(kind);
      await ingest([
        observation(HOST, 'GET', '/v2/pets', 40),
        observation(HOST, 'GET', '/v2/pets/{petId}', 12),
        observation(HOST, 'GET', '/v2/admin/export', 3),
        observation(HOST, 'POST', '/v2/pets/{petId}/photo', 5, { anonymous2xx: 2 }),
      ]);
      server = await routeServer();
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      server?.close();
      await disconnectDb();
    });

    test('spec push writes to DATABASE_URL, creates the API and adopts the endpoints it documents', async () => {
      const pushed = await lantern('spec', 'push', PETSTORE, '--api', 'petstore', '--owner', 'pets', '--version', '1.0.0');
      expect(pushed.stderr).toBe('');
      expect(pushed.stdout).toBe('petstore@1.0.0: registered (new API); 4 operations; 4 endpoint(s) reclassified\n  +4 added  -0 removed  !0 newly deprecated\n');
      expect(pushed.code).toBe(0);
      const again = await lantern('spec', 'push', PETSTORE, '--api', 'petstore');
      expect(again.stdout).toBe('petstore@1.0.0: unchanged (identical content is already current); 4 operations; 0 endpoint(s) reclassified\n');
      const invalid = await lantern('spec', 'push', join(SHARED_FIXTURES, 'SOURCES.md'), '--api', 'petstore');
      expect(invalid.code).toBe(2);
      expect(invalid.stderr).toMatch(/SOURCES\.md#: /);
    });

    test('check fails with the offending endpoints, honours --fail-on, and triage resolves', async () => {
      const failing = await lantern('check', '--api', 'petstore');
      expect(failing.code).toBe(1);
      expect(failing.stdout).toBe(
        [
          'shadow                 GET     petstore.swagger.io/v2/admin/export  (3 requests, shadow, triage new)',
          'shadow,unauthenticated POST    petstore.swagger.io/v2/pets/{petId}/photo  (5 requests, shadow, triage new)',
          'petstore: FAIL: 2 unresolved (4 endpoints checked for shadow, zombie, unauthenticated)',
          '',
        ].join('\n'),
      );
      expect((await lantern('check', '--api', 'petstore', '--fail-on', 'zombie')).code).toBe(0);
      const unauth = await lantern('check', '--api', 'petstore', '--fail-on', 'unauthenticated', '--json');
      expect(JSON.parse(unauth.stdout).offenders.map((o: { path: string }) => o.path)).toEqual(['/v2/pets/{petId}/photo']);

      await db().endpoint.updateMany({ where: { pathTemplate: '/v2/admin/export' }, data: { triage: 'ignored' } });
      await db().endpoint.updateMany({ where: { pathTemplate: '/v2/pets/{petId}/photo' }, data: { triage: 'acknowledged' } });
      const acknowledged = await lantern('check', '--api', 'petstore');
      expect(acknowledged.code).toBe(1);
      expect(acknowledged.stdout).toContain('POST    petstore.swagger.io/v2/pets/{petId}/photo');
      expect(acknowledged.stdout).not.toContain('/v2/admin/export');
      await db().endpoint.updateMany({ where: { pathTemplate: '/v2/pets/{petId}/photo' }, data: { triage: 'adopted' } });
      const clean = await lantern('check', '--api', 'petstore');
      expect(clean.stdout).toBe('petstore: OK: nothing unresolved (4 endpoints checked for shadow, zombie, unauthenticated)\n');
      expect(clean.code).toBe(0);
      await db().endpoint.updateMany({ data: { triage: 'new' } });
    });

    test('unknown API and unknown --fail-on values are usage errors (exit 2)', async () => {
      const missing = await lantern('check', '--api', 'nope');
      expect([missing.code, missing.stderr]).toEqual([2, "lantern check: API 'nope' not found\n"]);
      const bogus = await lantern('check', '--api', 'petstore', '--fail-on', 'shadow,bogus');
      expect([bogus.code, bogus.stderr]).toEqual([2, 'lantern check: unknown --fail-on value(s): bogus (use shadow, zombie, unauthenticated)\n']);
      // A gate checking nothing would pass every build: a list of only separators is refused, not read as "none".
      const nothing = await lantern('check', '--api', 'petstore', '--fail-on', ' , ');
      expect([nothing.code, nothing.stdout, nothing.stderr]).toEqual([2, '', 'lantern check: --fail-on names no finding (use shadow, zombie, unauthenticated)\n']);
    });

    test('with --server and --token the same commands talk HTTP to a running Lantern', async () => {
      const read = (await tokenHeaders('ci-read', ['read'])).authorization.slice(7);
      const write = (await tokenHeaders('ci-write', ['specs:write'])).authorization.slice(7);
      const checked = await lantern('check', '--api', 'petstore', '--fail-on', 'shadow', '--server', url, '--token', read);
      expect(checked.code).toBe(1);
      expect(checked.stdout).toBe(
        [
          'shadow           GET     petstore.swagger.io/v2/admin/export  (3 requests, shadow, triage new)',
          'shadow           POST    petstore.swagger.io/v2/pets/{petId}/photo  (5 requests, shadow, triage new)',
          'petstore: FAIL: 2 unresolved (4 endpoints checked for shadow)',
          '',
        ].join('\n'),
      );
      const denied = await lantern('check', '--api', 'petstore', '--server', url, '--token', write);
      expect([denied.code, denied.stderr]).toEqual([2, "lantern check: 403 forbidden: this API token's scopes (specs:write) do not allow this; it needs a token with scope read\n"]);
      const pushed = await lantern('spec', 'push', PETSTORE, '--api', 'petstore-copy', '--owner', 'pets', '--server', url, '--token', write);
      expect(pushed.stdout).toBe('petstore-copy@1.0.0: registered (new API); 4 operations; 0 endpoint(s) reclassified\n  +4 added  -0 removed  !0 newly deprecated\n');
      expect(pushed.code).toBe(0);
      const badSpec = await lantern('spec', 'push', join(SHARED_FIXTURES, 'SOURCES.md'), '--api', 'petstore', '--server', url, '--token', write);
      expect(badSpec.code).toBe(2);
      expect(badSpec.stderr).toMatch(/SOURCES\.md#: /);
    });

    test('spec push says the loader warnings on stderr, to the database or a server alike', async () => {
      // Before: a server matched as `.example.com` (a variable with no value) or cut at 256 URLs was pushed without a word.
      const file = join(mkdtempSync(join(tmpdir(), 'lantern-spec-')), 'tenants.yaml');
      writeFileSync(file, "openapi: 3.0.3\ninfo: {title: Tenants, version: '1'}\nservers: [{url: 'https://{tenant}.example.com'}]\npaths: {}\n");
      const warning = `${file}#/servers/0/url: warning: server variable {tenant} has no value in variables: matched as https://.example.com, traffic to the server's real URLs shows as shadow\n`;
      const local = await lantern('spec', 'push', file, '--api', 'tenants');
      expect([local.code, local.stderr]).toEqual([0, warning]);
      const write = (await tokenHeaders('ci-tenants', ['specs:write'])).authorization.slice(7);
      const remote = await lantern('spec', 'push', file, '--api', 'tenants-copy', '--server', url, '--token', write);
      expect([remote.code, remote.stderr]).toEqual([0, warning]);
    });

    test('inventory --json has the discover --json shape plus the stored fields', async () => {
      const out = await lantern('inventory', '--json', '--api', 'petstore');
      expect(out.code).toBe(0);
      const inv = JSON.parse(out.stdout);
      expect(Object.keys(inv)).toEqual(['endpoints', 'unused', 'notFound', 'preflights']);
      expect(inv.endpoints.map((e: Record<string, unknown>) => [e.host, e.method, e.path, e.state, e.requests, e.operationId, e.triage, e.api, e.owner])).toEqual([
        [HOST, 'GET', '/v2/admin/export', 'shadow', 3, null, 'new', 'petstore', 'group:default/pets'],
        [HOST, 'GET', '/v2/pets', 'documented', 40, 'findPets', 'new', 'petstore', 'group:default/pets'],
        [HOST, 'GET', '/v2/pets/{id}', 'documented', 12, 'find pet by id', 'new', 'petstore', 'group:default/pets'],
        [HOST, 'POST', '/v2/pets/{petId}/photo', 'shadow', 5, null, 'new', 'petstore', 'group:default/pets'],
      ]);
      expect(Object.keys(inv.endpoints[0]).slice(0, 6)).toEqual(['host', 'method', 'path', 'state', 'requests', 'operationId']);
      expect(inv.endpoints[1].firstSeen).toBe('2026-11-20T10:00:00.000Z');
      expect(inv.unused).toEqual([
        { method: 'POST', path: '/v2/pets', operationId: 'addPet', api: 'petstore', deprecated: false },
        { method: 'DELETE', path: '/v2/pets/{id}', operationId: 'deletePet', api: 'petstore', deprecated: false },
      ]);

      // The same command against a running Lantern prints the same thing, filters included.
      const read = (await tokenHeaders('inv-read', ['read'])).authorization.slice(7);
      const remote = await lantern('inventory', '--json', '--api', 'petstore', '--server', url, '--token', read);
      expect([remote.code, remote.stderr]).toEqual([0, '']);
      expect(JSON.parse(remote.stdout)).toEqual(inv);
      const shadows = await lantern('inventory', '--state', 'shadow', '--server', url, '--token', read);
      expect(shadows.stdout).toBe((await lantern('inventory', '--state', 'shadow')).stdout);
      expect(shadows.stdout).toMatch(/2 endpoints: 0 documented, 2 shadow, 0 zombie/);
      const ingestOnly = (await tokenHeaders('inv-ingest', ['ingest'])).authorization.slice(7);
      const denied = await lantern('inventory', '--server', url, '--token', ingestOnly);
      expect([denied.code, denied.stderr]).toEqual([1, "lantern inventory: 403 forbidden: this API token's scopes (ingest) do not allow this; it needs a token with scope read\n"]);
    });

    test('inventory --api with a slug no API has says so (exit 2), as check does, instead of an empty inventory', async () => {
      // Before: a mistyped `--api petstor` printed "0 endpoints: 0 documented, 0 shadow, 0 zombie" and exited 0.
      const local = await lantern('inventory', '--api', 'petstor');
      expect([local.code, local.stdout, local.stderr]).toEqual([2, '', "lantern inventory: API 'petstor' not found\n"]);
      const read = (await tokenHeaders('inv-read-typo', ['read'])).authorization.slice(7);
      const remote = await lantern('inventory', '--json', '--api', 'petstor', '--server', url, '--token', read);
      expect([remote.code, remote.stdout, remote.stderr]).toEqual([2, '', "lantern inventory: 404 not_found: API 'petstor' not found\n"]);
    });

    test('--include-not-found and --include-preflights reach a running Lantern as they reach the database', async () => {
      await ingest([observation(HOST, 'GET', '/v2/wp-login.php', 2, { statuses: { '404': 2 } }), observation(HOST, 'OPTIONS', '/v2/reports', 1, { statuses: { '204': 1 } })]);
      const read = (await tokenHeaders('unlisted-read', ['read'])).authorization.slice(7);
      const both = async (...args: string[]) => {
        const local = await lantern(...args, '--json');
        const remote = await lantern(...args, '--json', '--server', url, '--token', read);
        // The check route adds `ok`, the CLI reading the database does not.
        const { ok: _ok, ...answer } = JSON.parse(remote.stdout);
        expect(answer).toEqual(JSON.parse(local.stdout));
        return JSON.parse(local.stdout);
      };
      const paths = (rows: Array<{ method: string; path: string }>) => rows.map((r) => `${r.method} ${r.path}`);
      const shadowOnly = ['check', '--api', 'petstore', '--fail-on', 'shadow'];
      expect(paths((await both(...shadowOnly)).offenders)).toEqual(['GET /v2/admin/export', 'POST /v2/pets/{petId}/photo']);
      const all = await both(...shadowOnly, '--include-not-found', '--include-preflights');
      expect([paths(all.offenders), all.notFound, all.preflights]).toEqual([['GET /v2/admin/export', 'POST /v2/pets/{petId}/photo', 'OPTIONS /v2/reports', 'GET /v2/wp-login.php'], 0, 0]);
      const inventory = await both('inventory', '--api', 'petstore', '--state', 'shadow');
      expect([inventory.notFound, inventory.preflights]).toEqual([{ endpoints: 1, requests: 2 }, { endpoints: 1, requests: 1 }]);
      expect(paths((await both('inventory', '--api', 'petstore', '--state', 'shadow', '--include-preflights')).endpoints)).toContain('OPTIONS /v2/reports');
      expect(paths((await both('inventory', '--api', 'petstore', '--state', 'shadow', '--include-not-found')).endpoints)).toContain('GET /v2/wp-login.php');
    });
  });
}
