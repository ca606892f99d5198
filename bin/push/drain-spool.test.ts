import { createServer } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { drainSpool } from './drain-spool';
import { sendBatch } from './send-batch';
import { createSpool, spoolDirFor } from './spool';

let answer = { status: 200, body: '{"status":"applied"}' as string, headers: {} as Record<string, string> };
const seen: string[] = [];
const server = createServer((req, res) => {
  seen.push(`${req.method} ${req.url} ${req.headers['content-encoding']}`);
  req.resume();
  // Where a redirect leads: a Lantern answers the GET that fetch makes of a redirected POST with 405.
  if (req.url?.startsWith('/moved/')) return void res.writeHead(405, { 'content-type': 'application/json' }).end('{"error":{"code":"method_not_allowed","message":"use POST"}}');
  req.on('end', () => res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(answer.body));
});
let url = '';
beforeAll(() => new Promise<void>((r) => server.listen(0, '127.0.0.1', () => { url = `http://127.0.0.1:${(server.address() as { port: number }).port}`; r(); })));
afterAll(() => server.close());

const batch = (key: string) => ({ idempotencyKey: key, collector: { name: 'c', kind: 'log' as const }, observations: [], stats: {} });

test('a refused token keeps every batch spooled; success removes them; an invalid batch is set aside and reported', async () => {
  const spool = createSpool(mkdtempSync(join(tmpdir(), 'spool-')));
  await spool.put(batch('key-aaaaaaaaaaaaaaaa'));
  await spool.put(batch('key-bbbbbbbbbbbbbbbb'));
  const log: string[] = [];

  answer = { status: 401, body: '{"error":{"message":"sign in or send an API token"}}', headers: {} };
  const refused = await drainSpool(spool, (b) => sendBatch(url, 'lt_x', b), Date.now() + 10_000, (m) => log.push(m));
  expect(refused).toEqual({ applied: 0, duplicate: 0, rejected: [], remaining: 2 });
  expect(await spool.keys()).toEqual(['key-aaaaaaaaaaaaaaaa', 'key-bbbbbbbbbbbbbbbb']);
  expect(log.at(-1)).toMatch(/refused the token; 2 batch\(es\) stay spooled/);

  answer = { status: 429, body: '{}', headers: { 'retry-after': '30' } };
  const overloaded = await drainSpool(spool, (b) => sendBatch(url, 'lt_x', b), Date.now() + 1_000, () => undefined);
  expect(overloaded.remaining).toBe(2);

  answer = { status: 200, body: '{"status":"duplicate"}', headers: {} };
  expect(await drainSpool(spool, (b) => sendBatch(url, 'lt_x', b), Date.now() + 10_000, () => undefined)).toEqual({ applied: 0, duplicate: 2, rejected: [], remaining: 0 });
  expect(await spool.keys()).toEqual([]);

  await spool.put(batch('key-cccccccccccccccc'));
  answer = { status: 422, body: '{"error":{"message":"bad batch"}}', headers: {} };
  const invalid = await drainSpool(spool, (b) => sendBatch(url, 'lt_x', b), Date.now() + 10_000, () => undefined);
  expect(invalid.rejected).toEqual(['key-cccccccccccccccc: 422 bad batch']);
  expect(await spool.keys()).toEqual([]);
  expect(readdirSync(join(spool.dir, 'rejected'))).toEqual(['key-cccccccccccccccc.json']);
  expect(seen.every((s) => s === 'POST /api/ingest gzip')).toBe(true);
});

test("a batch the server refuses is reported with what the server said of each field, not only its headline", async () => {
  // Before: `400 the request does not match the expected shape`, and the field and the remedy (a clock to set right)
  // the server named were left out, so nobody could tell what to fix.
  const spool = createSpool(mkdtempSync(join(tmpdir(), 'spool-')));
  await spool.put(batch('key-dddddddddddddddd'));
  const details = [
    { path: 'observations.0.evidence.lastSeen', message: '2999-01-01T00:00:00Z is more than a day after this server\'s clock: set the collector\'s clock right' },
    { path: 'observations.3.host', message: 'must be a host' },
  ];
  answer = { status: 400, body: JSON.stringify({ error: { code: 'invalid_request', message: 'the batch claims a time in the future; nothing of it was stored', details } }), headers: {} };
  const refused = await drainSpool(spool, (b) => sendBatch(url, 'lt_x', b), Date.now() + 10_000, () => undefined);
  expect(refused.rejected).toEqual([
    "key-dddddddddddddddd: 400 the batch claims a time in the future; nothing of it was stored (observations.0.evidence.lastSeen: 2999-01-01T00:00:00Z is more than a day after this server's clock: set the collector's clock right; observations.3.host: must be a host)",
  ]);
});

test('a wrong address (404, 405, a redirect) keeps every batch spooled; a batch refused as too large is set aside, not deleted', async () => {
  const spool = createSpool(mkdtempSync(join(tmpdir(), 'spool-')));
  await spool.put(batch('key-aaaaaaaaaaaaaaaa'));
  await spool.put(batch('key-bbbbbbbbbbbbbbbb'));
  const drain = () => drainSpool(spool, (b) => sendBatch(url, 'lt_x', b), Date.now() + 10_000, () => undefined);
  const log: string[] = [];
  for (const [status, headers] of [[404, {}], [405, {}], [301, { location: `${url}/moved/api/ingest` }], [302, { location: `${url}/moved/api/ingest` }]] as const) {
    answer = { status, body: '{"error":{"code":"not_found","message":"no such page"}}', headers };
    const kept = await drainSpool(spool, (b) => sendBatch(url, 'lt_x', b), Date.now() + 10_000, (m) => log.push(m));
    expect(kept).toEqual({ applied: 0, duplicate: 0, rejected: [], remaining: 2 });
    expect(await spool.keys()).toEqual(['key-aaaaaaaaaaaaaaaa', 'key-bbbbbbbbbbbbbbbb']);
  }
  expect(log).toEqual([
    `404 no such page: no Lantern ingest API at this address (check --server); 2 batch(es) stay spooled in ${spool.dir}`,
    `405 no such page: no Lantern ingest API at this address (check --server); 2 batch(es) stay spooled in ${spool.dir}`,
    `301 no such page: the server redirects to ${url}/moved/api/ingest; give that address as --server; 2 batch(es) stay spooled in ${spool.dir}`,
    `302 no such page: the server redirects to ${url}/moved/api/ingest; give that address as --server; 2 batch(es) stay spooled in ${spool.dir}`,
  ]);
  answer = { status: 413, body: '{"error":{"code":"too_large","message":"body larger than 1024 bytes"}}', headers: {} };
  expect(await drain()).toEqual({
    applied: 0,
    duplicate: 0,
    rejected: ['key-aaaaaaaaaaaaaaaa: 413 body larger than 1024 bytes', 'key-bbbbbbbbbbbbbbbb: 413 body larger than 1024 bytes'],
    remaining: 0,
  });
  expect(await spool.keys()).toEqual([]);
  const setAside = join(spool.dir, 'rejected', 'key-aaaaaaaaaaaaaaaa.json');
  expect(JSON.parse(readFileSync(setAside, 'utf8'))).toEqual(batch('key-aaaaaaaaaaaaaaaa'));
});

test('a corrupt or foreign file in the spool is moved aside whole, and the batches beside it are delivered', async () => {
  const spool = createSpool(mkdtempSync(join(tmpdir(), 'spool-')));
  writeFileSync(join(spool.dir, 'a-half-written.json'), '{"idempotencyKey":"key-');
  writeFileSync(join(spool.dir, 'b-foreign.json'), '{"hello":"world"}');
  await spool.put(batch('key-cccccccccccccccc'));
  answer = { status: 200, body: '{"status":"applied"}', headers: {} };
  const drained = await drainSpool(spool, (b) => sendBatch(url, 'lt_x', b), Date.now() + 10_000, () => undefined);
  expect(drained).toEqual({ applied: 1, duplicate: 0, rejected: ['a-half-written: unreadable spool file', 'b-foreign: unreadable spool file'], remaining: 0 });
  expect(await spool.keys()).toEqual([]);
  expect(readFileSync(join(spool.dir, 'rejected', 'a-half-written.json'), 'utf8')).toBe('{"idempotencyKey":"key-');
  expect(readFileSync(join(spool.dir, 'rejected', 'b-foreign.json'), 'utf8')).toBe('{"hello":"world"}');
});

test('every spelling of one server shares its spool, and a bare origin keeps the directory it always had', () => {
  const dirs = ['http://lantern.internal:3000', 'http://lantern.internal:3000/', 'HTTP://Lantern.Internal:3000/lantern'].map((s) => spoolDirFor('/data', s));
  expect(dirs).toEqual([join('/data', 'spool', '8cc404fd2cdd'), join('/data', 'spool', '8cc404fd2cdd'), join('/data', 'spool', '8cc404fd2cdd')]);
});

test("a 2xx that is not Lantern's answer (a catch-all page, a sign-in portal's 200) keeps every batch spooled", async () => {
  // Until 6 Dec any 2xx counted as applied: a --server pointing at a web server that answers every path 200 had each
  // batch deleted from the spool, the traffic never counted anywhere.
  const spool = createSpool(mkdtempSync(join(tmpdir(), 'spool-')));
  await spool.put(batch('key-eeeeeeeeeeeeeeee'));
  const log: string[] = [];
  answer = { status: 200, body: '<!doctype html><title>Sign in</title>', headers: { 'content-type': 'text/html' } };
  expect(await drainSpool(spool, (b) => sendBatch(url, 'lt_x', b), Date.now() + 10_000, (m) => log.push(m))).toEqual({ applied: 0, duplicate: 0, rejected: [], remaining: 1 });
  expect(await spool.keys()).toEqual(['key-eeeeeeeeeeeeeeee']);
  expect(log).toEqual([`200 OK: not Lantern's answer (no ingest status in it): no Lantern ingest API at this address (check --server); 1 batch(es) stay spooled in ${spool.dir}`]);
  answer = { status: 200, body: '{"status":"duplicate"}', headers: {} };
  expect((await drainSpool(spool, (b) => sendBatch(url, 'lt_x', b), Date.now() + 10_000, () => undefined)).duplicate).toBe(1);
});
