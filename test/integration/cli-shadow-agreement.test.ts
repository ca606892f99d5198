import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { SHARED_FIXTURES } from '../require';
import { runLantern } from '../run-lantern';

/**
 * One log through `discover` and through `ingest` + `check` + `inventory`: the shadows each names must be the same
 * ones. The log's real calls sit beside what a scanner and a mistaken client leave.
 */
const PETSTORE = join(SHARED_FIXTURES, 'specs/oai__petstore-expanded_v3.yaml');
const HOST = 'petstore.swagger.io';

const line = (second: number, request: string, status: number) => `10.0.0.1 - - [07/Dec/2026:08:00:${String(second).padStart(2, '0')} +0000] "${request}" ${status} 12 "-" "curl/8"`;

async function commands(lines: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-shadow-agreement-'));
  const log = join(dir, 'access.log');
  writeFileSync(log, `${lines.join('\n')}\n`);
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...rest } = process.env;
  const env = { ...rest, DATABASE_URL: `file:${join(dir, 'lantern.db')}`, LANTERN_DATA_DIR: dir };
  const run = async (...args: string[]) => {
    const r = await runLantern(args, env);
    expect(r.code, r.stderr).toBeLessThanOrEqual(1);
    return r;
  };
  await run('migrate');
  await run('spec', 'push', PETSTORE, '--api', 'petstore');
  await run('ingest', log, '--host', HOST);
  return { log, run };
}

type Listed = { state: string; method: string; path: string };
const shadows = (endpoints: Listed[]) => endpoints.filter((e) => e.state === 'shadow').map((e) => `${e.method} ${e.path}`);

test('undocumented endpoints that only got 404/405: discover, check and inventory leave out the same ones, and list them with --include-not-found', async () => {
  const { log, run } = await commands([
    line(0, 'GET /v2/pets HTTP/1.1', 200),
    line(1, 'GET /v2/admin/export HTTP/1.1', 200),
    line(2, 'POST /v2/admin/export HTTP/1.1', 405),
    line(3, 'DELETE /v2/pets/1/photo HTTP/1.1', 405),
    line(4, 'GET /wp-login.php HTTP/1.1', 404),
    line(5, 'GET /.env HTTP/1.1', 404),
    line(6, 'GET /.env HTTP/1.1', 404),
    line(7, 'GET /v2/old-report HTTP/1.1', 404),
    line(8, 'GET /v2/old-report HTTP/1.1', 200),
  ]);
  const discover = JSON.parse((await run('discover', log, '--spec', PETSTORE, '--host', HOST, '--json')).stdout) as { endpoints: Listed[]; stats: { notFound: number } };
  expect([shadows(discover.endpoints), discover.stats.notFound]).toEqual([['GET /v2/admin/export', 'GET /v2/old-report'], 5]);

  // Before: check failed on POST /v2/admin/export and DELETE /v2/pets/{id}/photo too, which discover never showed.
  const check = await run('check', '--api', 'petstore', '--fail-on', 'shadow');
  expect(check.stdout).toBe(
    [
      'shadow           GET     petstore.swagger.io/v2/admin/export  (1 request, shadow, triage new)',
      'shadow           GET     petstore.swagger.io/v2/old-report  (2 requests, shadow, triage new)',
      'petstore: FAIL: 2 unresolved (3 endpoints checked for shadow)',
      '2 undocumented endpoints that only got 404/405 not checked (--include-not-found)',
      '',
    ].join('\n'),
  );
  const checkJson = JSON.parse((await run('check', '--api', 'petstore', '--fail-on', 'shadow', '--json')).stdout) as { checked: number; notFound: number };
  expect([checkJson.checked, checkJson.notFound]).toEqual([3, 2]);
  const checkAll = JSON.parse((await run('check', '--api', 'petstore', '--fail-on', 'shadow', '--include-not-found', '--json')).stdout) as { offenders: Listed[]; notFound: number };
  expect([shadows(checkAll.offenders), checkAll.notFound]).toEqual([['GET /v2/admin/export', 'POST /v2/admin/export', 'GET /v2/old-report', 'DELETE /v2/pets/{id}/photo'], 0]);

  // Before: the inventory listed and counted all six shadows, the scanner's /.env and /wp-login.php among them.
  const inventory = JSON.parse((await run('inventory', '--json')).stdout) as { endpoints: Listed[]; notFound: { endpoints: number; requests: number } };
  expect([shadows(inventory.endpoints), inventory.notFound]).toEqual([['GET /v2/admin/export', 'GET /v2/old-report'], { endpoints: 4, requests: 5 }]);
  const text = (await run('inventory')).stdout;
  expect(text).toContain('\n3 endpoints: 1 documented, 2 shadow, 0 zombie\n\n5 requests to 4 undocumented endpoints that only got 404/405 not listed (--include-not-found)\n');
  const all = JSON.parse((await run('inventory', '--json', '--include-not-found')).stdout) as { endpoints: Listed[]; notFound: { endpoints: number } };
  const discoverAll = JSON.parse((await run('discover', log, '--spec', PETSTORE, '--host', HOST, '--json', '--include-not-found')).stdout) as { endpoints: Listed[] };
  expect(shadows(all.endpoints)).toEqual(shadows(discoverAll.endpoints));
  expect([shadows(all.endpoints).length, all.notFound.endpoints]).toEqual([6, 0]);
});

const exchange = (second: number, method: string, path: string, status: number, auth: string) =>
  JSON.stringify({ ts: `2026-12-07T08:00:${String(second).padStart(2, '0')}Z`, host: HOST, method, path, status, auth: [{ kind: auth, ...(auth === 'none' ? {} : { fingerprint: '0123456789abcdef' }) }] });

test('CORS preflights on undocumented paths: discover, check and inventory leave them out alike, and list them with --include-preflights', async () => {
  const { log, run } = await commands([
    exchange(0, 'OPTIONS', '/v2/pets', 204, 'none'),
    exchange(1, 'GET', '/v2/pets', 200, 'bearer-opaque'),
    // A browser's preflight, then its call.
    exchange(2, 'OPTIONS', '/v2/admin/export', 204, 'none'),
    exchange(3, 'POST', '/v2/admin/export', 201, 'bearer-opaque'),
    // A preflight whose call never came (its answer refused the origin): nothing was called.
    exchange(4, 'OPTIONS', '/v2/reports', 204, 'none'),
    exchange(5, 'OPTIONS', '/v2/reports', 204, 'none'),
  ]);
  const discover = JSON.parse((await run('discover', log, '--spec', PETSTORE, '--json')).stdout) as { endpoints: Listed[]; stats: { preflights: number } };
  // Before: OPTIONS /v2/admin/export and OPTIONS /v2/reports were shadow endpoints of their own.
  expect([shadows(discover.endpoints), discover.stats.preflights]).toEqual([['POST /v2/admin/export'], 3]);
  // The preflight on a documented path stays documented, as before.
  expect(discover.endpoints.filter((e) => e.state === 'documented').map((e) => `${e.method} ${e.path}`)).toEqual(['GET /v2/pets', 'OPTIONS /v2/pets']);
  const text = (await run('discover', log, '--spec', PETSTORE)).stdout;
  expect(text).toContain('\n3 CORS preflight requests (OPTIONS) to undocumented paths not listed (--include-preflights)\n');

  // Before: both preflights failed the gate as shadow,unauthenticated (a preflight never carries credentials).
  const check = await run('check', '--api', 'petstore');
  expect(check.stdout).toBe(
    [
      'shadow           POST    petstore.swagger.io/v2/admin/export  (1 request, shadow, triage new)',
      'petstore: FAIL: 1 unresolved (3 endpoints checked for shadow, zombie, unauthenticated)',
      '2 CORS preflight endpoints (OPTIONS on undocumented paths) not checked (--include-preflights)',
      '',
    ].join('\n'),
  );
  const checkAll = JSON.parse((await run('check', '--api', 'petstore', '--include-preflights', '--json')).stdout) as { offenders: Array<Listed & { reasons: string[] }>; preflights: number };
  expect([checkAll.offenders.map((o) => `${o.method} ${o.path} ${o.reasons.join(',')}`), checkAll.preflights]).toEqual([
    ['OPTIONS /v2/admin/export shadow,unauthenticated', 'POST /v2/admin/export shadow', 'OPTIONS /v2/reports shadow,unauthenticated'],
    0,
  ]);

  const inventory = JSON.parse((await run('inventory', '--json')).stdout) as { endpoints: Listed[]; preflights: { endpoints: number; requests: number } };
  expect([shadows(inventory.endpoints), inventory.preflights]).toEqual([['POST /v2/admin/export'], { endpoints: 2, requests: 3 }]);
  expect((await run('inventory')).stdout).toContain('\n3 CORS preflight requests (OPTIONS) to 2 undocumented endpoints not listed (--include-preflights)\n');
  const all = JSON.parse((await run('inventory', '--json', '--include-preflights')).stdout) as { endpoints: Listed[] };
  const discoverAll = JSON.parse((await run('discover', log, '--spec', PETSTORE, '--json', '--include-preflights')).stdout) as { endpoints: Listed[] };
  expect(shadows(all.endpoints)).toEqual(shadows(discoverAll.endpoints));
  expect(shadows(all.endpoints)).toEqual(['OPTIONS /v2/admin/export', 'POST /v2/admin/export', 'OPTIONS /v2/reports']);
});
