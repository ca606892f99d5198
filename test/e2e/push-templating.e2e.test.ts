import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { createClient } from '../../lib/db/client';
import { startLantern, type RunningLantern } from './lantern-server';

const run = promisify(execFile);
const LANTERN = join(import.meta.dirname, '../../bin/lantern');
let lantern: RunningLantern | undefined;
afterAll(() => lantern?.stop());

const CARRIERS = ['dhl', 'fedex', 'royalmail', 'ups', 'usps'];
const SPEC = `openapi: 3.1.0
info: { title: Shipping, version: '1' }
servers: [{ url: 'https://shipping.internal' }]
paths:
${CARRIERS.map((c) => `  /carriers/${c}/labels:\n    post: { operationId: ${c}Label, responses: { '201': { description: ok } } }`).join('\n')}
`;

test('push --server templates with the server\'s specs: five documented carriers, one request each, stay five documented endpoints', async () => {
  const work = mkdtempSync(join(tmpdir(), 'lantern-push-templating-'));
  const url = `file:${join(work, 'server.db')}`;
  lantern = await startLantern({ DATABASE_URL: url, LANTERN_DEMO: '0' });
  const env = { ...process.env, DATABASE_URL: url, LANTERN_DATA_DIR: lantern.dataDir };
  const ingestToken = (await run(LANTERN, ['token', 'create', '--name', 'edge', '--scope', 'ingest'], { env })).stdout.trim();
  const specToken = (await run(LANTERN, ['token', 'create', '--name', 'ci', '--scope', 'specs:write'], { env })).stdout.trim();
  const specFile = join(work, 'shipping.yaml');
  writeFileSync(specFile, SPEC);
  await run(LANTERN, ['spec', 'push', specFile, '--api', 'shipping', '--server', lantern.url, '--token', specToken], { env });
  const log = join(work, 'access.log');
  writeFileSync(log, CARRIERS.map((c, i) => `10.0.0.${i} - - [04/Dec/2026:10:00:0${i} +0000] "POST /carriers/${c}/labels HTTP/1.1" 201 90 "-" "shipper/2"\n`).join(''));
  // The pusher has its own data directory: it can only learn the specs from the server.
  const pushed = await run(LANTERN, ['push', log, '--server', lantern.url, '--token', ingestToken, '--host', 'shipping.internal'], { env: { ...env, DATABASE_URL: 'file:/nonexistent/never-opened.db', LANTERN_DATA_DIR: join(work, 'pusher') } });
  expect(pushed.stderr).not.toMatch(/could not be read/);
  const client = createClient(url);
  try {
    const rows = await client.endpoint.findMany({ where: { host: 'shipping.internal' }, orderBy: { pathTemplate: 'asc' } });
    // Templated blind, five values sharing `labels` are one parameter: one shadow endpoint, five "unused" operations.
    expect(rows.map((r) => [r.pathTemplate, Number(r.requestCount), r.state])).toEqual(CARRIERS.map((c) => [`/carriers/${c}/labels`, 1, 'documented']));
  } finally {
    await client.$disconnect();
  }
}, 180_000);
