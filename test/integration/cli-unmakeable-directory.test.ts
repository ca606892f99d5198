import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { freePort } from '../free-port';
import { runLantern } from '../run-lantern';

test('push with LANTERN_DATA_DIR under /proc, where its spool cannot be made, fails at once with the reason', async () => {
  // Before: push never ended (Node's recursive mkdir retries /proc/x forever, /proc answering ENOENT); killed here.
  // The data directory, the spool, --state-dir and LANTERN_EVENT_FILE's directory are all made by lib/make-directory.ts.
  const dir = mkdtempSync(join(tmpdir(), 'lantern-proc-spool-'));
  const log = join(dir, 'access.log');
  writeFileSync(log, '10.0.0.1 - - [04/Dec/2026:10:01:00 +0000] "GET /v1/items HTTP/1.1" 200 12 "-" "curl/8"\n');
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...rest } = process.env;
  const env = { ...rest, LANTERN_DATA_DIR: '/proc/lantern-no-such/data' };
  const server = `http://127.0.0.1:${await freePort()}`;
  const r = await runLantern(['push', log, '--host', 'shop.test', '--server', server, '--token', `lt_${'a'.repeat(43)}`], env, { killAfterMs: 45_000 });
  expect([r.code, r.stdout, r.stderr.split('\n').filter((line) => line.startsWith('lantern push:'))]).toEqual([
    1,
    '',
    ['lantern push: /proc takes no new directory (mkdir /proc/lantern-no-such: no such file or directory)'],
  ]);
});
