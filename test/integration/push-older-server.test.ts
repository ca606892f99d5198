import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { expect, test } from 'vitest';

const run = promisify(execFile);
const LANTERN = join(import.meta.dirname, '../../bin/lantern');

test('push to a server without GET /api/ingest/templating (an older one) templates blind, says so, and delivers', async () => {
  const batches: Array<{ observations: Array<{ path: string }> }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/api/ingest') {
        const body = Buffer.concat(chunks);
        batches.push(JSON.parse((req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8')));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"applied","created":1,"updated":0,"alerts":0}');
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"not_found","message":"no such route"}}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const dir = mkdtempSync(join(tmpdir(), 'lantern-push-old-'));
    const log = join(dir, 'access.log');
    writeFileSync(log, '10.0.0.1 - - [04/Dec/2026:10:00:00 +0000] "GET /api/users/42 HTTP/1.1" 200 9 "-" "curl/8"\n');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { stderr } = await run(LANTERN, ['push', log, '--server', url, '--token', 'lt_test', '--host', 'api.test'], { env: { ...process.env, LANTERN_DATA_DIR: dir } });
    expect(stderr).toContain("warning: the server's specs and overrides could not be read (404 no such route); templating without them");
    expect(batches.map((b) => b.observations.map((o) => o.path))).toEqual([['/api/users/{userId}']]);
  } finally {
    server.close();
  }
});
