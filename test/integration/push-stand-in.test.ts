import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterEach, expect, test } from 'vitest';

/** `push --server` against a stand-in server that records the batches it is sent (and has no templating route). */
const run = promisify(execFile);
const LANTERN = join(import.meta.dirname, '../../bin/lantern');

interface Batch {
  idempotencyKey: string;
  collector: { kind: string };
  observations: Array<{ path: string; evidence: { requests: number } }>;
}

let server: Server | undefined;
afterEach(() => server?.close());

async function standIn(): Promise<{ url: string; batches: Batch[] }> {
  const batches: Batch[] = [];
  server = createServer((req, res) => {
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
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, batches };
}

const line = (i: number) => `10.0.0.1 - - [04/Dec/2026:10:00:00 +0000] "GET /api/users/${1000 + i} HTTP/1.1" 200 9 "-" "curl/8"\n`;
const requests = (batches: Batch[]) => batches.flatMap((b) => b.observations).reduce((n, o) => n + o.evidence.requests, 0);

test('push to a server without GET /api/ingest/templating (an older one) templates blind, says so, and delivers', async () => {
  const { url, batches } = await standIn();
  const dir = mkdtempSync(join(tmpdir(), 'lantern-push-old-'));
  const log = join(dir, 'access.log');
  writeFileSync(log, line(0));
  const { stderr } = await run(LANTERN, ['push', log, '--server', url, '--token', 'lt_test', '--host', 'api.test'], { env: { ...process.env, LANTERN_DATA_DIR: dir } });
  expect(stderr).toContain("warning: the server's specs and overrides could not be read (404 no such route); templating without them");
  expect(batches.map((b) => b.observations.map((o) => o.path))).toEqual([['/api/users/{userId}']]);
});

test('push - sends a live pipe as it comes (`lantern mirror | lantern push -`), not only when it ends', { timeout: 60_000 }, async () => {
  const { url, batches } = await standIn();
  const dir = mkdtempSync(join(tmpdir(), 'lantern-push-pipe-'));
  const child = spawn(LANTERN, ['push', '-', '--server', url, '--token', 'lt_test', '--host', 'api.test', '--flush-every', '1'], {
    env: { ...process.env, LANTERN_DATA_DIR: dir },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  for (let i = 0; i < 50; i++) child.stdin.write(line(i));
  // Before: nothing reached the server until the pipe closed.
  const until = Date.now() + 30_000;
  while (requests(batches) < 50 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  expect(requests(batches)).toBe(50);
  for (let i = 50; i < 80; i++) child.stdin.write(line(i));
  child.stdin.end();
  expect(await exited).toBe(0);
  expect(requests(batches)).toBe(80);
  // Periodic batches are keyed by the run: every key distinct. The collector kind comes from what the pipe carries.
  expect(new Set(batches.map((b) => b.idempotencyKey)).size).toBe(batches.length);
  expect(new Set(batches.map((b) => b.collector.kind))).toEqual(new Set(['log']));
});
