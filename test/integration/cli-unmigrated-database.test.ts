import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const run = promisify(execFile);
const LANTERN = join(import.meta.dirname, '../../bin/lantern');

async function lantern(env: NodeJS.ProcessEnv, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(LANTERN, args, { env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test('a command run on a database nobody migrated says to run lantern migrate, for every command that reads it', async () => {
  // Before: Prisma's own text, e.g. "Invalid `prisma.endpoint.findMany()` invocation: … The table `main.Endpoint`
  // does not exist in the current database." — a new user running `lantern ingest` before `lantern serve` got that.
  const dir = mkdtempSync(join(tmpdir(), 'lantern-unmigrated-'));
  const log = join(dir, 'access.log');
  writeFileSync(log, '10.0.0.1 - - [04/Dec/2026:10:01:00 +0000] "GET /v1/items HTTP/1.1" 200 12 "-" "curl/8"\n');
  const spec = join(dir, 'spec.yaml');
  writeFileSync(spec, 'openapi: 3.0.0\ninfo: { title: t, version: "1" }\npaths: {}\n');
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...rest } = process.env;
  const env = { ...rest, LANTERN_DATA_DIR: join(dir, 'data'), DATABASE_URL: `file:${join(dir, 'data/lantern.db')}` };
  const commands = [
    ['inventory'],
    ['check', '--api', 'shop'],
    ['token', 'list'],
    ['user', 'add', '--email', 'a@example.org', '--role', 'viewer'],
    ['spec', 'push', spec, '--api', 'shop'],
    ['ingest', log, '--host', 'shop.test'],
  ];
  for (const argv of commands) {
    const r = await lantern(env, ...argv);
    expect([r.code, r.stdout, r.stderr.split('\n').filter((line) => line.startsWith(`lantern ${argv[0]}:`))], argv.join(' ')).toEqual([
      1,
      '',
      [`lantern ${argv[0]}: database: it has no Lantern tables yet (or an older release's): run 'lantern migrate' first ('lantern serve' migrates when it starts)`],
    ]);
  }
});
