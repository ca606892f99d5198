import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runLantern } from '../run-lantern';

// A client's path with escapes for ESC [ 2 J (clear the screen), red text, and a right-to-left override.
const LINE = '10.0.0.1 - - [07/Dec/2026:04:00:01 +0000] "GET /y/%1b%5b2J%1b%5b31mOK%e2%80%ae HTTP/1.1" 200 12 "-" "curl/8"\n';
const SHOWN = '/y/%1B[2J%1B[31mOK%E2%80%AE';
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/; // newlines aside

test("a path's control characters reach no terminal: discover, inventory and check print them percent-encoded", async () => {
  // Until 7 Dec each printed the decoded ESC sequences as they were: running `lantern inventory` cleared the screen.
  const dir = mkdtempSync(join(tmpdir(), 'lantern-escapes-'));
  const log = join(dir, 'access.log');
  writeFileSync(log, LINE);
  writeFileSync(join(dir, 'spec.yaml'), "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://t.test'}]\npaths:\n  /z: {get: {responses: {'200': {description: ok}}}}\n");
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...rest } = process.env;
  const env = { ...rest, DATABASE_URL: `file:${join(dir, 'lantern.db')}`, LANTERN_DATA_DIR: dir };

  const discover = await runLantern(['discover', log, '--host', 't.test'], env);
  expect(discover.code, discover.stderr).toBe(0);
  expect(discover.stdout).not.toMatch(UNSAFE);
  expect(discover.stdout).toContain(`t.test${SHOWN}`);

  expect((await runLantern(['migrate'], env)).code).toBe(0);
  expect((await runLantern(['spec', 'push', join(dir, 'spec.yaml'), '--api', 't'], env)).code).toBe(0);
  expect((await runLantern(['ingest', log, '--host', 't.test'], env)).code).toBe(0);
  const inventory = await runLantern(['inventory'], env);
  expect(inventory.stdout).not.toMatch(UNSAFE);
  expect(inventory.stdout).toContain(`t.test${SHOWN}`);
  const check = await runLantern(['check', '--api', 't'], env);
  expect(check.code).toBe(1);
  expect(check.stdout).not.toMatch(UNSAFE);
  expect(check.stdout).toContain(`t.test${SHOWN}`);
  // JSON escapes them itself: the path is the one stored.
  const json = JSON.parse((await runLantern(['inventory', '--json'], env)).stdout) as { endpoints: { path: string }[] };
  expect(json.endpoints.map((e) => e.path)).toEqual(['/y/\u001b[2J\u001b[31mOK\u202e']);
});
