import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { freePort } from '../free-port';

import { runLantern } from '../run-lantern';

async function lantern(env: NodeJS.ProcessEnv, ...args: string[]) {
  return runLantern(args, env);
}

test('a --spec or --override file that is missing or wrong is said alike by discover, ingest and push: exit 2, one line each', async () => {
  // Before: ingest and push exited 1, a missing override with Node's "ENOENT: no such file or directory, open …", a
  // malformed one with zod's issues as 25 lines of JSON, a bad spec under "X is not a valid spec:"; discover said of
  // a missing override file that it was "not a list of overrides".
  const dir = mkdtempSync(join(tmpdir(), 'lantern-option-files-'));
  const log = join(dir, 'access.log');
  writeFileSync(log, '10.0.0.1 - - [04/Dec/2026:10:01:00 +0000] "GET /v1/items HTTP/1.1" 200 12 "-" "curl/8"\n');
  const notSpec = join(dir, 'package.json');
  writeFileSync(notSpec, '{"name": "x"}\n');
  const badOverrides = join(dir, 'overrides.json');
  writeFileSync(badOverrides, '[{"pattern": 1, "action": "ignore"}]\n');
  const missing = join(dir, 'nope.json');
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...rest } = process.env;
  const env = { ...rest, LANTERN_DATA_DIR: join(dir, 'data'), DATABASE_URL: `file:${join(dir, 'data/lantern.db')}` };
  const server = ['--server', `http://127.0.0.1:${await freePort()}`, '--token', 'lt_x'];
  const cases: [string[], string][] = [
    [['--override', missing], `${missing}: cannot be read (no such file or directory)\n`],
    [['--override', badOverrides], `${badOverrides}: not a list of overrides {host?, method?, pattern, action: merge|split|ignore} (at [0].pattern: Invalid input: expected string, received number)\n`],
    [['--spec', notSpec, '--override', missing], `${notSpec}#: not an OpenAPI or Swagger document: no 'openapi' or 'swagger' field\n${missing}: cannot be read (no such file or directory)\n`],
  ];
  for (const [options, said] of cases) {
    for (const command of [['discover'], ['ingest'], ['push', ...server]]) {
      const r = await lantern(env, command[0], log, ...command.slice(1), ...options);
      expect([r.code, r.stdout, r.stderr], [...command, ...options].join(' ')).toEqual([2, '', said]);
    }
  }
});
