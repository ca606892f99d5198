import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { databaseAvailable } from '../db-harness';
import { freePort } from '../free-port';

import { runLantern } from '../run-lantern';

async function lantern(env: NodeJS.ProcessEnv, ...args: string[]) {
  return runLantern(args, env);
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
  // An empty file is a SQLite database without tables (one that does not exist is the next test's).
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data/lantern.db'), '');
  const commands = [
    ['inventory'],
    ['check', '--api', 'shop'],
    ['token', 'list'],
    ['user', 'add', '--email', 'a@example.org', '--role', 'viewer'],
    ['spec', 'push', spec, '--api', 'shop'],
    ['ingest', log, '--host', 'shop.test'],
  ];
  // A command with subcommands says its errors under the subcommand, its own and these alike: until 6 Dec `lantern user
  // add: …` for a bad --role but `lantern user: database: …` here.
  const label = (argv: string[]) => (['user', 'token', 'spec'].includes(argv[0]) ? `${argv[0]} ${argv[1]}` : argv[0]);
  for (const argv of commands) {
    const r = await lantern(env, ...argv);
    // check's 1 means "offenders found": a database it could not read is 2, as a server it could not reach (until 6 Dec 1).
    expect([r.code, r.stdout, r.stderr.split('\n').filter((line) => line.startsWith(`lantern ${label(argv)}:`))], argv.join(' ')).toEqual([
      argv[0] === 'check' ? 2 : 1,
      '',
      [`lantern ${label(argv)}: database: it has no Lantern tables yet (or an older release's): run 'lantern migrate' first ('lantern serve' migrates when it starts)`],
    ]);
  }
});

test('a command run on a SQLite file that does not exist names it, says to run lantern migrate, and creates nothing', async () => {
  // Before: each command created the directory and an empty database file, then said it had no Lantern tables; a
  // mistyped DATABASE_URL left a stray database behind and the path was not said.
  const dir = mkdtempSync(join(tmpdir(), 'lantern-no-database-'));
  const log = join(dir, 'access.log');
  writeFileSync(log, '10.0.0.1 - - [04/Dec/2026:10:01:00 +0000] "GET /v1/items HTTP/1.1" 200 12 "-" "curl/8"\n');
  const database = join(dir, 'typo/lantern.db');
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...rest } = process.env;
  const env = { ...rest, LANTERN_DATA_DIR: join(dir, 'data'), DATABASE_URL: `file:${database}` };
  const label = (argv: string[]) => (['user', 'token'].includes(argv[0]) ? `${argv[0]} ${argv[1]}` : argv[0]);
  for (const argv of [['inventory'], ['token', 'list'], ['check', '--api', 'shop'], ['user', 'revoke-sessions', '--email', 'a@example.org'], ['ingest', log]]) {
    const r = await lantern(env, ...argv);
    // check's 1 means "offenders found": a database it could not read is 2, as a server it could not reach (until 6 Dec 1).
    expect([r.code, r.stdout, r.stderr.split('\n').filter((line) => line.startsWith(`lantern ${label(argv)}:`))], argv.join(' ')).toEqual([
      argv[0] === 'check' ? 2 : 1,
      '',
      [`lantern ${label(argv)}: database: ${database} does not exist (DATABASE_URL): run 'lantern migrate' first ('lantern serve' migrates when it starts)`],
    ]);
  }
  expect(existsSync(join(dir, 'typo'))).toBe(false);
});

test('a DATABASE_URL whose PostgreSQL server nobody answers on is said as such, not as Prisma\'s invocation text', async () => {
  // Before: "lantern inventory: \nInvalid `prisma.endpoint.findMany()` invocation:\n\n\nCan't reach database server at …".
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...rest } = process.env;
  const port = await freePort();
  const env = { ...rest, LANTERN_DATA_DIR: mkdtempSync(join(tmpdir(), 'lantern-pg-down-')), DATABASE_URL: `postgres://lantern:S3CRETPW@127.0.0.1:${port}/lantern` };
  for (const command of ['inventory', 'migrate']) {
    // Before: migrate said "connect ECONNREFUSED 127.0.0.1:…", without the `database:` of the other commands.
    const r = await lantern(env, command);
    expect([r.code, r.stdout, r.stderr], command).toEqual([1, '', `lantern ${command}: database: no PostgreSQL server answers at 127.0.0.1:${port} (DATABASE_URL)\n`]);
  }
});

test('a SQLite DATABASE_URL under a file, not a directory, is said so by migrate', async () => {
  // Before: "lantern migrate: EEXIST: file already exists, mkdir '/dev/null'".
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...rest } = process.env;
  const env = { ...rest, LANTERN_DATA_DIR: mkdtempSync(join(tmpdir(), 'lantern-dev-null-')), DATABASE_URL: 'file:/dev/null/data/lantern.db' };
  const r = await lantern(env, 'migrate');
  expect([r.code, r.stdout, r.stderr]).toEqual([1, '', 'lantern migrate: database: cannot create the directory /dev/null/data (DATABASE_URL): /dev/null is not a directory\n']);
});

test('a SQLite DATABASE_URL under /proc, where no directory can be made, fails at once with the reason', async () => {
  // Before: migrate never ended (Node's recursive mkdir retries /proc/x forever, /proc answering ENOENT); killed here.
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...rest } = process.env;
  const env = { ...rest, LANTERN_DATA_DIR: mkdtempSync(join(tmpdir(), 'lantern-proc-')), DATABASE_URL: 'file:/proc/lantern-no-such/data/lantern.db' };
  const r = await runLantern(['migrate'], env, { killAfterMs: 45_000 });
  expect([r.code, r.stdout, r.stderr]).toEqual([
    1,
    '',
    'lantern migrate: database: cannot create the directory /proc/lantern-no-such/data (DATABASE_URL): /proc takes no new directory (mkdir /proc/lantern-no-such: no such file or directory)\n',
  ]);
});

test('a SQLite DATABASE_URL naming no file, a directory or a file that is no database, is said so', async () => {
  // Before: "database: cannot create  (DATABASE_URL): no such file or directory" (the empty path said as nothing) and
  // SQLite's "database: unable to open database file".
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...rest } = process.env;
  const dir = mkdtempSync(join(tmpdir(), 'lantern-url-dir-'));
  const env = (url: string) => ({ ...rest, LANTERN_DATA_DIR: dir, DATABASE_URL: url });
  const empty = await lantern(env('file:'), 'migrate');
  expect([empty.code, empty.stdout, empty.stderr]).toEqual([1, '', 'lantern migrate: invalid environment:\n  DATABASE_URL: DATABASE_URL must be file:<path> (SQLite) or postgres://… (PostgreSQL)\n']);
  // inventory and the other commands said Prisma's "Invalid `prisma.endpoint.findMany()` invocation: … unable to open".
  for (const argv of [['migrate'], ['inventory'], ['token', 'list']]) {
    const folder = await lantern(env(`file:${dir}`), ...argv);
    expect([folder.code, folder.stdout, folder.stderr], argv.join(' ')).toEqual([1, '', `lantern ${argv.join(' ')}: database: ${dir} is a directory (DATABASE_URL): name the database file in it, e.g. file:${join(dir, 'lantern.db')}\n`]);
  }
  // Before: "Invalid `prisma.apiToken.findMany()` invocation: … file is not a database" (and migrate SQLite's words alone).
  const text = join(dir, 'notes.txt');
  writeFileSync(text, 'not a database, but long enough that SQLite reads a header from it: '.repeat(4));
  for (const argv of [['migrate'], ['inventory'], ['token', 'list']]) {
    const other = await lantern(env(`file:${text}`), ...argv);
    expect([other.code, other.stdout, other.stderr], argv.join(' ')).toEqual([1, '', `lantern ${argv.join(' ')}: database: the file DATABASE_URL names is not a SQLite database (another file, or one damaged or encrypted)\n`]);
  }
});

describe.skipIf(!databaseAvailable('postgres'))('a DATABASE_URL naming what the PostgreSQL server does not have', () => {
  test('a database or a role it does not have is named, with what to do', async () => {
    // Before: "Database `nosuch` does not exist on the database server" and "User was denied access on the database
    // `(not available)`", each under Prisma's "Invalid `prisma.endpoint.findMany()` invocation:".
    const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...rest } = process.env;
    const server = new URL(process.env.LANTERN_TEST_PG_URL!);
    const env = (url: URL) => ({ ...rest, LANTERN_DATA_DIR: mkdtempSync(join(tmpdir(), 'lantern-pg-url-')), DATABASE_URL: url.href });
    const noDatabase = new URL(server);
    noDatabase.pathname = '/lantern_no_such_database';
    const noRole = new URL(server);
    noRole.username = 'lantern_no_such_role';
    noRole.password = 'S3CRETPW';
    // migrate connects without Prisma: before, it said `database "…" does not exist` and `role "…" does not exist` alone.
    for (const command of ['inventory', 'migrate']) {
      const [missing, denied] = await Promise.all([lantern(env(noDatabase), command), lantern(env(noRole), command)]);
      expect([missing.code, missing.stderr], command).toEqual([1, `lantern ${command}: database: the PostgreSQL server has no database "lantern_no_such_database" (DATABASE_URL): create it, then run 'lantern migrate'\n`]);
      expect([denied.code, denied.stderr], command).toEqual([1, `lantern ${command}: database: the PostgreSQL server refused the user of DATABASE_URL: role "lantern_no_such_role" does not exist\n`]);
    }
  });

  test('a DATABASE_URL asking for TLS (sslmode) of a server without it says so, as inventory and migrate alike', async () => {
    // Before: inventory said Prisma's "Invalid `prisma.endpoint.findMany()` invocation: … Error opening a TLS
    // connection", migrate node-postgres's words alone.
    const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...rest } = process.env;
    const url = new URL(process.env.LANTERN_TEST_PG_URL!);
    url.searchParams.set('sslmode', 'verify-full');
    const env = { ...rest, LANTERN_DATA_DIR: mkdtempSync(join(tmpdir(), 'lantern-pg-tls-')), DATABASE_URL: url.href };
    for (const command of ['inventory', 'migrate']) {
      const r = await lantern(env, command);
      expect([r.code, r.stderr.split('\n').filter((l) => l.startsWith('lantern ') || l.startsWith('Invalid'))], command).toEqual([1, [`lantern ${command}: database: no TLS connection to the PostgreSQL server, which DATABASE_URL's sslmode asks for: The server does not support SSL connections`]]);
    }
  });
});
