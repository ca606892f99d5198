import { createServer } from 'node:http';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { drainSpool } from './drain-spool';
import { sendBatch } from './send-batch';
import { createSpool } from './spool';

/** nginx's own 413 (client_max_body_size, 1 MiB by default), or Lantern's, as `answer` says. */
let answer: 'nginx' | 'lantern' = 'nginx';
const NGINX_413 = '<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n';
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (answer === 'nginx') return void res.writeHead(413, { 'content-type': 'text/html', server: 'nginx/1.22.1' }).end(NGINX_413);
    res.writeHead(413, { 'content-type': 'application/json' }).end('{"error":{"code":"too_large","message":"body larger than 33554432 bytes"}}');
  });
});
let url = '';
beforeAll(() => new Promise<void>((r) => server.listen(0, '127.0.0.1', () => { url = `http://127.0.0.1:${(server.address() as { port: number }).port}`; r(); })));
afterAll(() => server.close());

const batch = (key: string) => ({ idempotencyKey: key, collector: { name: 'c', kind: 'log' as const }, observations: [], stats: {} });

/**
 * A reverse proxy in front of Lantern with its default body limit (nginx: 1 MiB) refuses a big batch (a log archive's
 * year of daily counts) with its own 413. The pusher took it for Lantern's verdict on the batch and set it aside
 * for good, and every big batch after it. A 413 that is not Lantern's answer now says the proxy's limit is the
 * problem and keeps the batches spooled, as for a wrong address; Lantern's own 413 still sets the batch aside.
 */
test("a proxy's 413 keeps the batches spooled, naming the proxy's limit; Lantern's own 413 sets the batch aside", async () => {
  const spool = createSpool(mkdtempSync(join(tmpdir(), 'spool-413-')));
  await spool.put(batch('key-big-aaaaaaaaaaaa'));
  await spool.put(batch('key-big-bbbbbbbbbbbb'));
  const log: string[] = [];
  const kept = await drainSpool(spool, (b) => sendBatch(url, 'lt_x', b), Date.now() + 10_000, (m) => log.push(m));
  expect(kept).toEqual({ applied: 0, duplicate: 0, rejected: [], remaining: 2 });
  expect(log.at(-1)).toBe(`413 Payload Too Large: not Lantern's answer (nginx/1.22.1): a proxy in front of it refuses a body this large; raise its limit (nginx: client_max_body_size); 2 batch(es) stay spooled in ${spool.dir}`);

  answer = 'lantern';
  const refused = await drainSpool(spool, (b) => sendBatch(url, 'lt_x', b), Date.now() + 10_000, () => undefined);
  expect(refused.rejected).toEqual(['key-big-aaaaaaaaaaaa: 413 body larger than 33554432 bytes', 'key-big-bbbbbbbbbbbb: 413 body larger than 33554432 bytes']);
  expect(readdirSync(join(spool.dir, 'rejected')).sort()).toEqual(['key-big-aaaaaaaaaaaa.json', 'key-big-bbbbbbbbbbbb.json']);
});
