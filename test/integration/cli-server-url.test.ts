import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { freePort } from '../free-port';

import { runLantern } from '../run-lantern';

async function lantern(env: Record<string, string>, ...args: string[]) {
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...inherited } = process.env;
  return runLantern(args, { ...inherited, ...env });
}

test('a --server with user:password@ is a usage error that never prints the password, for every command that takes one', async () => {
  // Before: fetch refused the URL, and its message (the URL, password and all) was printed as "unreachable", push
  // spooled its batches and retried it for --retry-for, printing it again each time.
  const dir = mkdtempSync(join(tmpdir(), 'lantern-server-url-'));
  const log = join(dir, 'access.log');
  writeFileSync(log, '10.0.0.1 - - [04/Dec/2026:10:01:00 +0000] "GET /v1/items HTTP/1.1" 200 12 "-" "curl/8"\n');
  writeFileSync(join(dir, 'spec.yaml'), 'openapi: 3.0.0\ninfo: { title: t, version: "1" }\npaths: {}\n');
  const env = { LANTERN_DATA_DIR: join(dir, 'data'), DATABASE_URL: `file:${join(dir, 'data/l.db')}` };
  const server = 'https://ops:S3CRETPW@127.0.0.1:9';
  const refusal = '--server must not carry credentials (user:password@): Lantern takes its API token from --token\n';
  const runs = await Promise.all([
    lantern(env, 'push', log, '--server', server, '--token', 'lt_x', '--retry-for', '1'),
    lantern(env, 'check', '--api', 'shop', '--server', server, '--token', 'lt_x'),
    lantern(env, 'inventory', '--server', server, '--token', 'lt_x'),
    lantern(env, 'spec', 'push', join(dir, 'spec.yaml'), '--api', 'shop', '--server', server, '--token', 'lt_x'),
    lantern({ ...env, LANTERN_SERVER: server, LANTERN_TOKEN: 'lt_x' }, 'inventory'),
  ]);
  expect(runs.map((r) => [r.code, r.stderr])).toEqual([
    [2, `lantern push: ${refusal}`], [2, `lantern check: ${refusal}`], [2, `lantern inventory: ${refusal}`], [2, `lantern spec push: ${refusal}`], [2, `lantern inventory: ${refusal}`],
  ]);
  // No http(s) URL: said so (a usage error, where check answered "Invalid URL" with exit 1), the value not echoed.
  const [notUrl, notHttp] = await Promise.all([
    lantern(env, 'check', '--api', 'shop', '--server', 'lantern', '--token', 'lt_x'),
    lantern(env, 'check', '--api', 'shop', '--server', 'ops:S3CRETPW@lantern', '--token', 'lt_x'),
  ]);
  expect([notUrl.code, notUrl.stderr]).toEqual([2, 'lantern check: --server is not a URL: give the address of a running Lantern (https://lantern.example.com)\n']);
  expect([notHttp.code, notHttp.stderr]).toEqual([2, 'lantern check: --server must be an http:// or https:// URL: give the address of a running Lantern (https://lantern.example.com)\n']);
});

test('a --server nobody answers on is said once as unreachable, with the reason (connection refused), not "fetch failed"', async () => {
  // Before: "lantern check: unreachable unreachable: http://127.0.0.1:PORT: fetch failed", the same from inventory
  // and spec push, and push's templating warning "(0 http://127.0.0.1:PORT: fetch failed)".
  const dir = mkdtempSync(join(tmpdir(), 'lantern-server-down-'));
  const log = join(dir, 'access.log');
  writeFileSync(log, '10.0.0.1 - - [04/Dec/2026:10:01:00 +0000] "GET /v1/items HTTP/1.1" 200 12 "-" "curl/8"\n');
  writeFileSync(join(dir, 'spec.yaml'), 'openapi: 3.0.0\ninfo: { title: t, version: "1" }\npaths: {}\n');
  const env = { LANTERN_DATA_DIR: join(dir, 'data'), DATABASE_URL: `file:${join(dir, 'data/l.db')}` };
  const server = `http://127.0.0.1:${await freePort()}`;
  const reason = `server unreachable: ${server}: connect ECONNREFUSED ${server.slice('http://'.length)}`;
  const [check, inventory, spec, push] = await Promise.all([
    lantern(env, 'check', '--api', 'shop', '--server', server, '--token', 'lt_x'),
    lantern(env, 'inventory', '--server', server, '--token', 'lt_x'),
    lantern(env, 'spec', 'push', join(dir, 'spec.yaml'), '--api', 'shop', '--server', server, '--token', 'lt_x'),
    lantern(env, 'push', log, '--server', server, '--token', 'lt_x', '--retry-for', '0'),
  ]);
  expect([check.code, check.stderr]).toEqual([2, `lantern check: ${reason}\n`]);
  // A failure is 1 (README's exit codes), as a database inventory could not read already was: until 6 Dec inventory
  // said an unreachable server with 2, a usage error's code. check keeps 2, its 1 being findings.
  expect([inventory.code, inventory.stderr]).toEqual([1, `lantern inventory: ${reason}\n`]);
  expect([spec.code, spec.stderr]).toEqual([1, `lantern spec push: ${reason}\n`]);
  // And each help says so (spec push's said 1 was a refusal alone).
  const helps = await Promise.all([lantern(env, 'inventory', '--help'), lantern(env, 'spec', '--help'), lantern(env, 'check', '--help')]);
  expect(helps.map((h) => h.stdout.split('\n').find((l) => l.startsWith('Exit codes')))).toEqual([
    'Exit codes: 0 printed, 1 failed (server unreachable or refusing, database unreadable), 2 usage or unknown API (--api).',
    'Exit codes: 0 registered or unchanged, 1 refused (a taken --version label too) or failed (server unreachable, database unreadable), 2 invalid spec or usage.',
    'Exit codes: 0 clean, 1 offenders found, 2 usage, unknown API, server unreachable or database unreadable.',
  ]);
  expect(push.code).toBe(3);
  expect(push.stderr.split('\n')[0]).toBe(`lantern: warning: the server's specs and overrides could not be read (${reason}); templating without them`);
  // The batch's own attempt says it the same way (it said "server unreachable: Error: connect ECONNREFUSED …").
  expect(push.stderr.split('\n')[1]).toMatch(new RegExp(`^lantern: ${reason.replace(/[.]/g, '\\.')}; 1 batch\\(es\\) stay spooled in `));
});
