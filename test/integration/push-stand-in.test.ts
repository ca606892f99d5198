import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, expect, test } from 'vitest';
import { SHARED_FIXTURES } from '../require';

/** `push --server` against a stand-in server that records the batches it is sent (and has no templating route). */
const run = promisify(execFile);
const LANTERN = join(import.meta.dirname, '../../bin/lantern');

interface Batch {
  idempotencyKey: string;
  alias?: { idempotencyKey: string; inputSet: string };
  collector: { kind: string };
  observations: Array<{ path: string; evidence: { requests: number }; examplePaths: string[] }>;
}

let server: Server | undefined;
afterEach(() => server?.close());

/** `refuse`: answer every batch 503 (the server is down), so the batches stay in the spool. */
async function standIn(refuse = false): Promise<{ url: string; batches: Batch[] }> {
  const batches: Batch[] = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/api/ingest') {
        const body = Buffer.concat(chunks);
        batches.push(JSON.parse((req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8')));
        if (refuse) return void res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"code":"unavailable","message":"down"}}');
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

test('push - during an outage spools every chunk as it is flushed, so a kill loses none of them', { timeout: 60_000 }, async () => {
  const { url } = await standIn(true);
  const dir = mkdtempSync(join(tmpdir(), 'lantern-push-outage-'));
  const child = spawn(LANTERN, ['push', '-', '--server', url, '--token', 'lt_test', '--host', 'api.test', '--flush-every', '1'], {
    env: { ...process.env, LANTERN_DATA_DIR: dir },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  const exited = new Promise<unknown>((resolve) => child.once('exit', resolve));
  const spooled = (): Batch[] => {
    const root = join(dir, 'spool');
    if (!existsSync(root)) return [];
    return readdirSync(root).flatMap((d) => readdirSync(join(root, d)).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(root, d, f), 'utf8'))));
  };
  /** Requests spooled per first two path segments (`/api/users`): what a kill now leaves for the next run. */
  const spooledRequests = () => {
    const out: Record<string, number> = {};
    for (const o of spooled().flatMap((b) => b.observations)) {
      const resource = o.path.split('/').slice(0, 3).join('/');
      out[resource] = (out[resource] ?? 0) + o.evidence.requests;
    }
    return out;
  };
  const waitForSpooled = async (resource: string, n: number) => {
    const until = Date.now() + 20_000;
    while (Date.now() < until && (spooledRequests()[resource] ?? 0) < n) await new Promise((r) => setTimeout(r, 100));
  };
  for (let i = 0; i < 30; i++) child.stdin.write(line(i));
  await waitForSpooled('/api/users', 30);
  for (let i = 0; i < 20; i++) child.stdin.write(`10.0.0.1 - - [04/Dec/2026:10:00:00 +0000] "GET /api/orders/${5000 + i} HTTP/1.1" 200 9 "-" "curl/8"\n`);
  // Before: the first chunk's delivery was retrying (for --retry-for, 600 s) and the second waited in memory behind it.
  await waitForSpooled('/api/orders', 20);
  child.kill('SIGKILL');
  await exited;
  expect(spooledRequests()).toEqual({ '/api/users': 30, '/api/orders': 20 });
});

test('push sends and spools no credential or e-mail seen in a request path', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-push-secrets-'));
  const log = join(dir, 'access.log');
  const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yQV_adQssw5c';
  const paths = [`/reset/${jwt}`, '/hidden/sk_live_51HqLyjWDarjtT1zdp7dcXYZabc', '/hidden2/john.doe@example.com'];
  writeFileSync(log, paths.map((p) => `10.0.0.1 - - [04/Dec/2026:10:00:00 +0000] "GET ${p} HTTP/1.1" 200 9 "-" "curl/8"\n`).join(''));
  const planted = /eyJhbGciOi|sk_live_|john\.doe|example\.com/;

  const up = await standIn();
  await run(LANTERN, ['push', log, '--server', up.url, '--token', 'lt_test', '--host', 'api.test'], { env: { ...process.env, LANTERN_DATA_DIR: dir } });
  server?.close();
  expect(up.batches.flatMap((b) => b.observations).map((o) => o.examplePaths).sort()).toEqual([['/hidden/{redacted}'], ['/hidden2/{redacted}'], ['/reset/{redacted}']]);
  expect(JSON.stringify(up.batches)).not.toMatch(planted);

  // A server that is down: the batches wait on disk, where the same holds.
  const down = await standIn(true);
  const spoolRoot = mkdtempSync(join(tmpdir(), 'lantern-push-spool-'));
  const pushed = await run(LANTERN, ['push', log, '--server', down.url, '--token', 'lt_test', '--host', 'api.test', '--retry-for', '0'], { env: { ...process.env, LANTERN_DATA_DIR: spoolRoot } }).catch((e: { code: number }) => e);
  expect((pushed as { code?: number }).code).toBe(3);
  const spooled = readdirSync(join(spoolRoot, 'spool'), { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
  expect(spooled.length).toBeGreaterThan(0);
  for (const f of spooled) expect(readFileSync(join(f.parentPath, f.name), 'utf8')).not.toMatch(planted);
  expect(JSON.stringify(down.batches)).not.toMatch(planted);
});

test('push - during a long outage queues at most one delivery behind the running one: at the end of input it gives up after one more --retry-for, not one per chunk', { timeout: 90_000 }, async () => {
  const { url } = await standIn(true);
  const dir = mkdtempSync(join(tmpdir(), 'lantern-push-queue-'));
  const child = spawn(LANTERN, ['push', '-', '--server', url, '--token', 'lt_test', '--host', 'api.test', '--flush-every', '1', '--retry-for', '3'], {
    env: { ...process.env, LANTERN_DATA_DIR: dir },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  // Reading once it has asked the server for its specs; a pause after the first line, so the format is told from it.
  while (!stderr.includes("the server's specs and overrides could not be read")) await new Promise((r) => setTimeout(r, 50));
  // Six seconds of a live pipe, a chunk flushed every second while each delivery retries for three.
  for (let i = 0; i < 30; i++) {
    child.stdin.write(line(i));
    await new Promise((r) => setTimeout(r, i === 0 ? 600 : 200));
  }
  // The input ends right after a delivery gave up (a 'stay spooled' line read): the one the next flush starts then
  // takes every chunk so far. Measured at an arbitrary moment, a give-up written just before the end but read just
  // after it counted as after the end (3 lines, 1 CI run in 2 on a loaded machine).
  const givenUp = () => stderr.split('\n').filter((l) => l.includes('stay spooled')).length;
  const before = givenUp();
  while (givenUp() === before) await new Promise((r) => setTimeout(r, 20));
  const atEnd = stderr.length;
  child.stdin.end();
  expect(await exited).toBe(3);
  // Before: every chunk's delivery waited in turn, each retrying for --retry-for (and holding its batches in memory).
  const afterEnd = stderr.slice(atEnd).split('\n').filter((l) => l.includes('stay spooled'));
  expect(afterEnd.length).toBeLessThanOrEqual(2);
  const root = join(dir, 'spool');
  const spooled = readdirSync(root).flatMap((d) => readdirSync(join(root, d)).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(root, d, f), 'utf8')) as Batch));
  expect(requests(spooled)).toBe(30);
  expect(stderr).toMatch(/lantern: 30 exchanges → \d+ endpoint observations in \d+ batch\(es\): 0 applied, 0 already counted/);
});

test('push - stopped (SIGTERM) while the server is down exits at once with its chunks spooled, not after --retry-for', { timeout: 60_000 }, async () => {
  const { url } = await standIn(true);
  const dir = mkdtempSync(join(tmpdir(), 'lantern-push-stop-'));
  const child = spawn(LANTERN, ['push', '-', '--server', url, '--token', 'lt_test', '--host', 'api.test', '--flush-every', '1'], {
    env: { ...process.env, LANTERN_DATA_DIR: dir },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  for (let i = 0; i < 10; i++) child.stdin.write(line(i));
  // A delivery is retrying (for --retry-for, 600 s by default) when the stop comes.
  while (!stderr.includes('503 down; retrying')) await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGTERM');
  // Before: the stop waited out --retry-for (the test timed out).
  expect(await exited).toBe(3);
  const root = join(dir, 'spool');
  const spooled = readdirSync(root).flatMap((d) => readdirSync(join(root, d)).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(root, d, f), 'utf8')) as Batch));
  expect(requests(spooled)).toBe(10);
});

test('push - restarted with chunks spooled while the server is still down reads its pipe at once, not after --retry-for', { timeout: 60_000 }, async () => {
  const { url } = await standIn(true);
  const dir = mkdtempSync(join(tmpdir(), 'lantern-push-restart-'));
  const start = () => {
    const child = spawn(LANTERN, ['push', '-', '--server', url, '--token', 'lt_test', '--host', 'api.test', '--flush-every', '1'], {
      env: { ...process.env, LANTERN_DATA_DIR: dir },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    return { child, exited };
  };
  const spooled = () => {
    const root = join(dir, 'spool');
    if (!existsSync(root)) return [];
    return readdirSync(root).flatMap((d) => readdirSync(join(root, d)).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(root, d, f), 'utf8')) as Batch));
  };
  const first = start();
  for (let i = 0; i < 10; i++) first.child.stdin.write(line(i));
  while (requests(spooled()) < 10) await new Promise((r) => setTimeout(r, 50));
  first.child.kill('SIGTERM');
  expect(await first.exited).toBe(3);

  // `lantern mirror | lantern push -` restarted: the mirror writes at once, while the server is still down.
  const second = start();
  for (let i = 0; i < 20; i++) second.child.stdin.write(`10.0.0.1 - - [04/Dec/2026:10:00:00 +0000] "GET /api/orders/${5000 + i} HTTP/1.1" 200 9 "-" "curl/8"\n`);
  // Before: the spool left by the first run was retried for --retry-for (600 s) before the pipe was read at all, and
  // the mirror writing into it dropped records once its backlog was full (the test timed out).
  while (requests(spooled()) < 30) await new Promise((r) => setTimeout(r, 50));
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(3);
  expect(requests(spooled())).toBe(30);
});

test("a file's batches carry as their alias the keys a pipe of its bytes is sent under: a log, a gzip, a HAR, an exchange file", async () => {
  // Since 7 Dec the digest is taken by the file's reader as it reads (collectors/content-digest.ts), not by a second read:
  // the keys are the same bytes' as before, which this holds (it passes on the code from before too).
  const dir = mkdtempSync(join(tmpdir(), 'lantern-push-alias-'));
  const lines = Array.from({ length: 40 }, (_, i) => line(i)).join('');
  const har = readFileSync(`${SHARED_FIXTURES}har/mitmproxy__chrome.har`);
  const files = { 'access.log': lines, 'access.log.gz': gzipSync(lines), 'chrome.har': har, 'exchanges.jsonl': `${JSON.stringify({ ts: '2026-12-04T10:00:00Z', host: 'api.test', method: 'GET', path: '/items/1', status: 200 })}\n` };
  const { url, batches } = await standIn();
  const push = (input: string, bytes?: string | Buffer) => {
    const pushed = run(LANTERN, ['push', input, '--server', url, '--token', 'lt_test', '--host', 'api.test'], { env: { ...process.env, LANTERN_DATA_DIR: dir }, encoding: 'buffer' });
    if (bytes !== undefined) pushed.child.stdin!.end(bytes);
    return pushed;
  };
  for (const [name, bytes] of Object.entries(files)) {
    writeFileSync(join(dir, name), bytes);
    await push(join(dir, name));
    const asFile = batches.splice(0);
    await push('-', bytes);
    const asPipe = batches.splice(0);
    expect(asFile.length, name).toBeGreaterThan(0);
    expect(asFile.map((b) => b.alias?.idempotencyKey), name).toEqual(asPipe.map((b) => b.idempotencyKey));
  }
});
