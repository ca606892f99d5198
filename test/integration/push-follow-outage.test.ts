import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { afterEach, expect, test } from 'vitest';
import { rotateTwiceDuringOutage } from '../rotate-during-outage';

/**
 * `push --follow` against a stand-in server that counts each batch once (by idempotency key, as Lantern does) and
 * can be down (503): what a collector delivers across outages, kills and rotations, line by line.
 */
const LANTERN = join(import.meta.dirname, '../../bin/lantern');

interface StandIn {
  url: string;
  down: boolean;
  posts: number;
  /** Requests counted, each batch once. */
  counted: () => number;
}

let server: Server | undefined;
const children = new Set<ChildProcess>();
afterEach(() => {
  server?.close();
  for (const c of children) c.kill('SIGKILL');
  children.clear();
});

async function standIn(): Promise<StandIn> {
  const batches = new Map<string, number>();
  const state: StandIn = { url: '', down: false, posts: 0, counted: () => [...batches.values()].reduce((a, b) => a + b, 0) };
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/api/ingest') return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"no such route"}}');
      state.posts++;
      if (state.down) return void res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"message":"down"}}');
      const b = JSON.parse(gunzipSync(Buffer.concat(chunks)).toString('utf8')) as { idempotencyKey: string; observations: Array<{ evidence: { requests: number } }> };
      const duplicate = batches.has(b.idempotencyKey);
      if (!duplicate) batches.set(b.idempotencyKey, b.observations.reduce((n, o) => n + o.evidence.requests, 0));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: duplicate ? 'duplicate' : 'applied' }));
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  return state;
}

const lines = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => `10.0.0.1 - - [06/Dec/2026:05:00:00 +0000] "GET /seq/${from + i}/items HTTP/1.1" 200 9 "-" "curl/8"\n`).join('');

function startPusher(work: string, url: string, input: string): ChildProcess {
  const child = spawn(LANTERN, ['push', input, '--follow', '--server', url, '--token', 'lt_test', '--host', 'a.test', '--name', 'c1', '--flush-every', '1', '--state-dir', join(work, 'state')], {
    env: { ...process.env, LANTERN_DATA_DIR: join(work, 'data') },
    stdio: 'ignore',
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

async function until(what: string, ok: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

const spooledEntries = (work: string) => {
  const root = join(work, 'data', 'spool');
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((d) => readdirSync(join(root, d)).filter((f) => f.startsWith('j-') && f.endsWith('.json')));
};

test('a kill after a chunk was spooled and before its checkpoint was written: the restart counts the chunk once', { timeout: 120_000 }, async () => {
  const s = await standIn();
  s.down = true;
  const work = mkdtempSync(join(tmpdir(), 'lantern-push-restore-'));
  const log = join(work, 'access.log');
  writeFileSync(log, lines(0, 300));
  const first = startPusher(work, s.url, log);
  await until('the chunk spooled', () => spooledEntries(work).length > 0);
  await stop(first, 'SIGKILL');
  // The kill landed between the spool entry and the checkpoint file: the checkpoint is not there.
  rmSync(join(work, 'state'), { recursive: true, force: true });

  s.down = false;
  const again = startPusher(work, s.url, log);
  await until('the lines delivered', () => s.counted() >= 300);
  await sleep(1500); // room for the chunk to be read and sent a second time (before the fix it was)
  await stop(again, 'SIGTERM');
  expect(s.counted()).toBe(300);
});

test('a server down while the log rotates twice: the follower keeps reading, every line is delivered once', { timeout: 120_000 }, async () => {
  const s = await standIn();
  const work = mkdtempSync(join(tmpdir(), 'lantern-push-outage-'));
  const log = join(work, 'access.log');
  writeFileSync(log, lines(0, 100));
  const child = startPusher(work, s.url, log);
  await until('the first lines', () => s.counted() >= 100);
  s.down = true;
  const posts = s.posts;
  appendFileSync(log, lines(100, 40));
  // The delivery of those lines is being retried: the server is down.
  await until('a refused delivery', () => s.posts > posts);
  await rotateTwiceDuringOutage(log, lines);
  s.down = false;
  await until('the newest file delivered', () => s.counted() >= 220);
  await sleep(2000); // delivery of what is left after the outage (retries back off up to a few seconds)
  await stop(child, 'SIGTERM');
  expect(s.counted()).toBe(260);
});

test('push --follow stopped (SIGTERM) while the server is down exits at once with its batches spooled, not after --retry-for', { timeout: 60_000 }, async () => {
  const s = await standIn();
  s.down = true;
  const work = mkdtempSync(join(tmpdir(), 'lantern-push-stop-'));
  const log = join(work, 'access.log');
  writeFileSync(log, lines(0, 50));
  const child = startPusher(work, s.url, log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  // A delivery is retrying (for --retry-for, 600 s by default) when the stop comes.
  await until('the chunk spooled and a delivery refused', () => spooledEntries(work).length > 0 && s.posts > 0);
  child.kill('SIGTERM');
  // Before: the stop waited out the running delivery's retries, then retried for --retry-for again (the test timed out).
  expect(await exited).toBe(3);
  expect(spooledEntries(work).length).toBeGreaterThan(0);
  s.down = false;
  const again = startPusher(work, s.url, log);
  await until('the spooled lines delivered by the next run', () => s.counted() >= 50);
  await stop(again, 'SIGTERM');
  expect(s.counted()).toBe(50);
});
