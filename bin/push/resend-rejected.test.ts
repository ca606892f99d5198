import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { freePort } from '../../test/free-port';
import { runLantern } from '../../test/run-lantern';
import { stoppedAtFirstRetry } from '../../test/stop-at-first-retry';
import { REJECTED, spoolDirFor, writeAtomically } from './spool';

/** A Lantern that refuses every batch (422) while `refusing`, and takes it after (the cause fixed: a server upgraded). */
let refusing = true;
const received: string[] = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.url !== '/api/ingest') return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"not_found","message":"no such route"}}');
    received.push((JSON.parse(gunzipSync(Buffer.concat(chunks)).toString('utf8')) as { idempotencyKey: string }).idempotencyKey);
    if (refusing) return void res.writeHead(422, { 'content-type': 'application/json' }).end('{"error":{"code":"invalid","message":"not yet"}}');
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"applied"}');
  });
});
let url = '';
beforeAll(() => new Promise<void>((r) => server.listen(0, '127.0.0.1', () => { url = `http://127.0.0.1:${(server.address() as { port: number }).port}`; r(); })));
afterAll(() => server.close());

const batch = (key: string) => ({ idempotencyKey: key, collector: { name: 'c', kind: 'log' as const }, observations: [], stats: {} });

/**
 * Batches set aside in rejected/ were never sent again, even once their cause was fixed (until 6 Dec): their traffic
 * was never counted unless someone moved the files back by hand. `lantern push --resend-rejected` sends them again.
 */
test('push --resend-rejected sends the set-aside batches again: refused again they go back to rejected/ (exit 1), taken they are gone (exit 0)', async () => {
  const data = mkdtempSync(join(tmpdir(), 'lantern-resend-'));
  const env = { ...process.env, LANTERN_DATA_DIR: data, LANTERN_FINGERPRINT_KEY: 'resend-test-fingerprint-key' };
  const rejected = join(spoolDirFor(data, url), REJECTED);
  await writeAtomically(join(rejected, 'key-aaaaaaaaaaaaaaaa.json'), JSON.stringify(batch('key-aaaaaaaaaaaaaaaa')));
  await writeAtomically(join(rejected, 'key-bbbbbbbbbbbbbbbb.json'), JSON.stringify(batch('key-bbbbbbbbbbbbbbbb')));
  const args = ['push', '--resend-rejected', '--server', url, '--token', 'lt_test'];

  const again = await runLantern(args, env);
  expect([again.code, readdirSync(rejected).sort()]).toEqual([1, ['key-aaaaaaaaaaaaaaaa.json', 'key-bbbbbbbbbbbbbbbb.json']]);
  expect(again.stderr).toContain('rejected again, set aside in');
  expect(received.sort()).toEqual(['key-aaaaaaaaaaaaaaaa', 'key-bbbbbbbbbbbbbbbb']);

  refusing = false;
  const taken = await runLantern(args, env);
  expect([taken.code, readdirSync(rejected)]).toEqual([0, []]);
  expect(taken.stderr).toContain('2 set-aside batch(es) sent again: 2 applied, 0 already counted, 0 refused again');
  expect(received).toHaveLength(4);
  expect(readdirSync(spoolDirFor(data, url)).filter((n) => n.endsWith('.json'))).toEqual([]);

  const nothing = await runLantern(args, env);
  expect([nothing.code, nothing.stderr]).toEqual([0, `lantern: nothing set aside in ${rejected}\n`]);
  const stray = await runLantern([...args, 'access.log'], env);
  expect([stray.code, stray.stderr.split('\n')[0]]).toEqual([2, "lantern push --resend-rejected: unexpected argument 'access.log' (it sends what is set aside, no input)"]);
});

test('a push whose batches the server refused (set aside in rejected/) exits 1, not 0 as if all were taken', async () => {
  // Until 6 Dec a cron job's push had its batches set aside for good and exited 0: only a line on stderr said so.
  const data = mkdtempSync(join(tmpdir(), 'lantern-refused-'));
  const env = { ...process.env, LANTERN_DATA_DIR: data, LANTERN_FINGERPRINT_KEY: 'resend-test-fingerprint-key' };
  const log = join(data, 'access.log');
  writeFileSync(log, '10.0.0.1 - - [04/Dec/2026:10:00:00 +0000] "GET /api/items HTTP/1.1" 200 12 "-" "curl/8"\n');
  refusing = true;
  const pushed = await runLantern(['push', log, '--server', url, '--token', 'lt_test', '--host', 'shop.test'], env);
  expect(pushed.code).toBe(1);
  expect(pushed.stderr).toContain('rejected, set aside in');
  expect(readdirSync(join(spoolDirFor(data, url), REJECTED))).toHaveLength(1);
});

test('what --resend-rejected sends with batches spooled before it is said apart: the numbers add up', async () => {
  // Until 6 Dec the spool's other batches (an outage's) were sent too and counted as the set-aside ones: "1 set-aside
  // batch(es) sent again: 3 applied".
  const data = mkdtempSync(join(tmpdir(), 'lantern-resend-others-'));
  const env = { ...process.env, LANTERN_DATA_DIR: data, LANTERN_FINGERPRINT_KEY: 'resend-test-fingerprint-key' };
  const dir = spoolDirFor(data, url);
  await writeAtomically(join(dir, REJECTED, 'key-cccccccccccccccc.json'), JSON.stringify(batch('key-cccccccccccccccc')));
  await writeAtomically(join(dir, 'key-dddddddddddddddd.json'), JSON.stringify(batch('key-dddddddddddddddd')));
  await writeAtomically(join(dir, 'key-eeeeeeeeeeeeeeee.json'), JSON.stringify(batch('key-eeeeeeeeeeeeeeee')));
  refusing = false;
  const taken = await runLantern(['push', '--resend-rejected', '--server', url, '--token', 'lt_test'], env);
  expect([taken.code, taken.stderr]).toEqual([0, 'lantern: 1 set-aside batch(es) sent again, with 2 spooled before: 3 applied, 0 already counted, 0 refused again\n']);
});

test('--resend-rejected stopped by Ctrl-C while the server is down says where the batches are, and exits 130', async () => {
  // Until 6 Dec Node's default ended it unsaid: rejected/ was empty and nothing told where its batches had gone.
  const data = mkdtempSync(join(tmpdir(), 'lantern-resend-stopped-'));
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...inherited } = process.env;
  const env = { ...inherited, LANTERN_DATA_DIR: data, LANTERN_FINGERPRINT_KEY: 'resend-test-fingerprint-key' };
  const down = `http://127.0.0.1:${await freePort()}`;
  await writeAtomically(join(spoolDirFor(data, down), REJECTED, 'key-ffffffffffffffff.json'), JSON.stringify(batch('key-ffffffffffffffff')));
  const child = spawn(join(import.meta.dirname, '../lantern'), ['push', '--resend-rejected', '--server', down, '--token', 'lt_test'], { env });
  const { code, stderr } = await stoppedAtFirstRetry(child);
  const said = stderr.split('\n').filter((l) => l !== '' && !l.includes('retrying in'));
  expect({ code, said }).toEqual({
    code: 130,
    said: [
      'lantern: SIGINT: stopping after what is being read or sent (again to quit at once)',
      expect.stringMatching(/^lantern: server unreachable: .*; 1 batch\(es\) stay spooled in /),
      'lantern: 1 set-aside batch(es) sent again: 0 applied, 0 already counted, 0 refused again, 1 left spooled',
    ],
  });
});
