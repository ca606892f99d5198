import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { afterEach, expect, test } from 'vitest';
import type { TemplatingContext } from '../../lib/discovery/templating-context';
import { loadSpecDocument } from '../../lib/openapi/load-spec';
import { templateSpec } from '../../lib/openapi/template-spec';

/**
 * A `push --follow` runs for weeks; it read the server's specs and overrides once, when it started. A spec pushed
 * later (or every spec, when the server was down as the collector started) never reached its templating: four
 * documented carriers with a request each came out as one shadow `/carriers/{carrierId}/labels` that no operation
 * matches, for as long as the collector ran. A stand-in server changes its answer to GET /api/ingest/templating.
 */
const LANTERN = join(import.meta.dirname, '../../bin/lantern');
const CARRIERS = ['dhl', 'fedex', 'ups', 'usps'];

let server: Server | undefined;
const children = new Set<ChildProcess>();
afterEach(() => {
  server?.close();
  for (const c of children) c.kill('SIGKILL');
  children.clear();
});

async function carriersContext(): Promise<TemplatingContext> {
  const paths = Object.fromEntries(CARRIERS.map((c) => [`/carriers/${c}/labels`, { get: { operationId: `${c}Labels`, responses: { '200': { description: 'ok' } } } }]));
  const loaded = await loadSpecDocument('carriers', { openapi: '3.0.3', info: { title: 'Carriers', version: '1' }, servers: [{ url: 'https://ship.test' }], paths });
  if (!loaded.ok) throw new Error('the test spec does not load');
  return { specs: [templateSpec('carriers', loaded.spec.servers, loaded.spec.operations)], overrides: [] };
}

async function until(what: string, ok: () => boolean): Promise<void> {
  const end = Date.now() + 60_000;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

test('push --follow templates the chunks after a spec was pushed with that spec', { timeout: 120_000 }, async () => {
  let context: TemplatingContext = { specs: [], overrides: [] };
  const paths: string[] = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/api/ingest/templating') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(context));
      const batch = JSON.parse(gunzipSync(Buffer.concat(chunks)).toString('utf8')) as { observations: Array<{ path: string }> };
      paths.push(...batch.observations.map((o) => o.path));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"applied"}');
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), 'lantern-push-refresh-'));
  const log = join(dir, 'access.log');
  const lines = (tag: string) => CARRIERS.map((c) => `10.0.0.1 - - [06/Dec/2026:05:00:00 +0000] "GET /carriers/${c}/labels?t=${tag} HTTP/1.1" 200 9 "-" "curl/8"\n`).join('');
  writeFileSync(log, lines('a'));
  const child = spawn(LANTERN, ['push', log, '--follow', '--server', url, '--token', 'lt_test', '--host', 'ship.test', '--name', 'edge', '--flush-every', '1', '--state-dir', join(dir, 'state')], {
    env: { ...process.env, LANTERN_DATA_DIR: join(dir, 'data') },
    stdio: 'ignore',
  });
  children.add(child);
  // Blind, the run's four carriers are one template.
  await until('the blind template', () => paths.includes('/carriers/{carrierId}/labels'));
  context = await carriersContext();
  // The spec is pushed: the chunks the collector makes once it has read it keep each documented carrier's path.
  const documented = CARRIERS.map((c) => `/carriers/${c}/labels`);
  for (let round = 0; round < 120 && !documented.every((p) => paths.includes(p)); round++) {
    appendFileSync(log, lines(`b${round}`));
    await sleep(500);
  }
  expect(new Set(paths)).toEqual(new Set(['/carriers/{carrierId}/labels', ...documented]));
});
