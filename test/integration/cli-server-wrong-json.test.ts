import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runLantern } from '../run-lantern';

/**
 * A --server that answers 2xx with JSON that is not Lantern's answer (another service's API, `{}` from a stub, a
 * health endpoint): until 6 Dec `check`, `inventory` and `spec push` ended on a raw TypeError ("Cannot read
 * properties of undefined (reading 'length')"), and `inventory --json` printed the body as the inventory, exit 0.
 */
let server: Server;
let url: string;
let body = '{}';
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => void server?.close());

async function lantern(...args: string[]) {
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...env } = process.env;
  return runLantern([...args, '--server', url, '--token', 'lt_x'], env);
}

test("a 2xx whose JSON is not Lantern's answer is said as such by check, inventory and spec push, not a TypeError", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-wrong-json-'));
  const spec = join(dir, 'spec.yaml');
  writeFileSync(spec, 'openapi: 3.0.0\ninfo: { title: t, version: "1" }\npaths: {}\n');
  const said = (command: string, path: string) => `lantern ${command}: 200 not_lantern: ${url} answered ${path} with JSON that is not Lantern's answer: not Lantern's API at this address, or a Lantern of another version (check --server)\n`;
  for (const answer of ['{}', '{"offenders":[{}],"endpoints":[{}],"unused":[],"spec":{}}', '[]', 'null']) {
    body = answer;
    const [check, inventory, json, pushed] = await Promise.all([
      lantern('check', '--api', 'shop'),
      lantern('inventory'),
      lantern('inventory', '--json'),
      lantern('spec', 'push', spec, '--api', 'shop'),
    ]);
    expect([check.code, check.stdout, check.stderr], answer).toEqual([2, '', said('check', '/api/apis/shop/check')]);
    expect([inventory.code, inventory.stdout, inventory.stderr], answer).toEqual([1, '', said('inventory', '/api/inventory')]);
    expect([json.code, json.stdout, json.stderr], answer).toEqual([1, '', said('inventory', '/api/inventory')]);
    expect([pushed.code, pushed.stdout, pushed.stderr], answer).toEqual([1, '', said('spec push', '/api/apis/shop/specs')]);
  }
});
