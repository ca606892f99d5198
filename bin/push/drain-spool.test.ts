import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { drainSpool } from './drain-spool';
import { sendBatch } from './send-batch';
import { createSpool } from './spool';

let answer = { status: 200, body: '{"status":"applied"}' as string, headers: {} as Record<string, string> };
const seen: string[] = [];
const server = createServer((req, res) => {
  seen.push(`${req.method} ${req.url} ${req.headers['content-encoding']}`);
  req.resume();
  req.on('end', () => res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(answer.body));
});
let url = '';
beforeAll(() => new Promise<void>((r) => server.listen(0, '127.0.0.1', () => { url = `http://127.0.0.1:${(server.address() as { port: number }).port}`; r(); })));
afterAll(() => server.close());

const batch = (key: string) => ({ idempotencyKey: key, collector: { name: 'c', kind: 'log' as const }, observations: [], stats: {} });

test('a refused token keeps every batch spooled; success removes them; an invalid batch is dropped and reported', async () => {
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
  expect(seen.every((s) => s === 'POST /api/ingest gzip')).toBe(true);
});
