import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const LANTERN = fileURLToPath(new URL('../lantern', import.meta.url));

test('spec push refuses a file that is not UTF-8 before sending or saving anything', () => {
  const spec = join(mkdtempSync(join(tmpdir(), 'lantern-spec-')), 'latin1.yaml');
  writeFileSync(spec, Buffer.from('openapi: 3.0.3\ninfo: {title: "café", version: "1"}\npaths: {}\n', 'latin1'));
  // An unreachable server: a spec that got past the check would fail differently (exit 1, "unreachable").
  const env = { ...process.env, LANTERN_SERVER: 'http://127.0.0.1:9', LANTERN_TOKEN: 'unused' };
  const r = spawnSync(process.execPath, [LANTERN, 'spec', 'push', spec, '--api', 'latin'], { encoding: 'utf8', env });
  expect([r.status, r.stderr]).toEqual([2, `${spec}#: not valid UTF-8: the byte sequence at byte offset 33 is not a character (save the file as UTF-8)\n`]);
});

test('spec push names a bad --api slug as a usage error, before touching the database or the server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-spec-'));
  const spec = join(dir, 'orders.yaml');
  writeFileSync(spec, 'openapi: 3.0.3\ninfo: {title: Orders, version: "1"}\npaths: {}\n');
  const message = `lantern spec: --api "Orders API" is not a valid API name: an API slug is lowercase letters, digits and '-', starting with a letter or digit, at most 64 characters\n`;
  const database = join(dir, 'lantern.db');
  const { LANTERN_SERVER: _server, LANTERN_TOKEN: _token, ...rest } = process.env;
  const local = spawnSync(process.execPath, [LANTERN, 'spec', 'push', spec, '--api', 'Orders API'], { encoding: 'utf8', env: { ...rest, DATABASE_URL: `file:${database}` } });
  expect([local.status, local.stderr, existsSync(database)]).toEqual([2, message, false]);
  // An unreachable server: a slug that got past the check would fail differently (exit 1, "unreachable").
  const remote = spawnSync(process.execPath, [LANTERN, 'spec', 'push', spec, '--api', 'Orders API'], { encoding: 'utf8', env: { ...process.env, LANTERN_SERVER: 'http://127.0.0.1:9', LANTERN_TOKEN: 'unused' } });
  expect([remote.status, remote.stderr]).toEqual([2, message]);
});
