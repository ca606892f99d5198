import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as ingestRoute from '../../app/api/ingest/route';
import { db, disconnectDb } from '../../lib/db/client';
import { createApiToken } from '../../lib/db/tokens';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { SHARED_FIXTURES } from '../require';

/**
 * A real `lantern push` of the shared third-party captures, logs and HARs, answered by the real ingest route: the
 * server's checks on a batch (hosts, methods, status keys, times) refuse nothing a collector sends.
 */
const run = promisify(execFile);
const LANTERN = join(import.meta.dirname, '../../bin/lantern');
const FIXTURES = [
  ...readdirSync(`${SHARED_FIXTURES}logs`).filter((f) => !f.endsWith('.tsv')).map((f) => `${SHARED_FIXTURES}logs/${f}`),
  ...readdirSync(`${SHARED_FIXTURES}har`).map((f) => `${SHARED_FIXTURES}har/${f}`),
  ...['zeek__http-methods.pcap', 'chrissanders__http_ip4and6.pcapng', 'suricata-verify__http2-keywords_h2c.pcap', 'zeek__vxlan-encapsulated-http.pcap', 'zeek__pipelined-requests.pcap']
    .map((f) => `${SHARED_FIXTURES}pcap/${f}`),
];

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind) || !FIXTURES.every(existsSync))(`lantern push of the shared fixtures on ${kind}`, () => {
    let server: Server;
    let url: string;
    const answers: number[] = [];
    beforeAll(async () => {
      await useFreshDatabase(kind);
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          if (req.method !== 'POST' || req.url !== '/api/ingest') return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"not_found","message":"no such route"}}');
          const headers = Object.fromEntries(Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === 'string'));
          const request = new Request('http://localhost/api/ingest', { method: 'POST', headers, body: Buffer.concat(chunks) });
          void ingestRoute.POST(request, { params: Promise.resolve({}) as Promise<never> }).then(async (answer) => {
            answers.push(answer.status);
            res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
          });
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      server.close();
      await disconnectDb();
    });

    test('every batch is accepted and every endpoint stored', { timeout: 120_000 }, async () => {
      const { token } = await createApiToken({ name: 'push-fixtures', scopes: ['ingest'] });
      const dir = mkdtempSync(join(tmpdir(), 'lantern-push-fixtures-'));
      const { stderr } = await run(LANTERN, ['push', ...FIXTURES, '--server', url, '--token', token, '--retry-for', '0'], { env: { ...process.env, LANTERN_DATA_DIR: dir }, maxBuffer: 64 << 20 });
      expect(stderr).not.toMatch(/rejected/i);
      expect(answers.length).toBeGreaterThan(0);
      expect(answers.filter((s) => s !== 200)).toEqual([]);
      const methods = (await db().endpoint.findMany({ select: { method: true }, distinct: ['method'] })).map((r) => r.method).sort();
      expect(methods).toEqual(expect.arrayContaining(['CCM_POST', 'DELETE', 'GET', 'POST', 'PUT', 'TRACE']));
      expect(await db().endpoint.count({ where: { host: { contains: '[' } } })).toBeGreaterThan(0);
    });
  });
}
