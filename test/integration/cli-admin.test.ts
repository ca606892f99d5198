import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, expect, test } from 'vitest';
import { verifyPassword } from '../../lib/auth/password';
import { listMigrations } from '../../lib/db/migrate';

import { runLantern } from '../run-lantern';
let env: NodeJS.ProcessEnv;
let dbFile: string;

async function lantern(...args: string[]) {
  return runLantern(args, env);
}

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-cli-'));
  dbFile = join(dir, 'lantern.db');
  env = { ...process.env, DATABASE_URL: `file:${dbFile}`, LANTERN_DATA_DIR: dir };
});

test('--help lists the commands; an unknown command exits 2', async () => {
  const help = await lantern('--help');
  expect(help.code).toBe(0);
  for (const cmd of ['serve', 'migrate', 'user', 'token', 'extract']) expect(help.stdout).toMatch(new RegExp(`^  ${cmd} `, 'm'));
  const bad = await lantern('frobnicate');
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain("unknown command 'frobnicate'");
});

test('migrate, user add and token create/list/revoke work against a fresh SQLite database', async () => {
  const first = await lantern('migrate');
  expect(first.code).toBe(0);
  expect(first.stdout).toMatch(new RegExp(`applied ${listMigrations('sqlite').length} migration`));
  expect((await lantern('migrate')).stdout).toMatch(/is up to date/);

  const added = await lantern('user', 'add', '--email', 'Gov@Example.org', '--role', 'governance');
  expect(added.code).toBe(0);
  const password = /password: (\S+)/.exec(added.stdout)?.[1];
  expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
  expect((await lantern('user', 'add', '--email', 'gov@example.org', '--role', 'viewer')).code).toBe(1);
  expect((await lantern('user', 'add', '--email', 'x@example.org', '--role', 'superuser')).code).toBe(2);
  const revoked = await lantern('user', 'revoke-sessions', '--email', 'GOV@example.org');
  expect(revoked).toMatchObject({ code: 0, stdout: 'revoked every session of gov@example.org\n' });
  expect((await lantern('user', 'revoke-sessions', '--email', 'nobody@example.org')).code).toBe(1);

  const created = await lantern('token', 'create', '--name', 'edge-collector', '--scope', 'ingest');
  expect(created.code).toBe(0);
  const token = created.stdout.trim();
  expect(token).toMatch(/^lt_[A-Za-z0-9_-]{43}$/);
  expect((await lantern('token', 'create', '--name', 'bad', '--scope', 'root')).code).toBe(2);

  const conn = new Database(dbFile, { readonly: true });
  const rows = conn.prepare('SELECT id, hash, prefix FROM ApiToken').all() as { id: string; hash: string; prefix: string }[];
  const users = conn.prepare('SELECT email, role, passwordHash FROM User').all() as { email: string; role: string; passwordHash: string }[];
  const revokedAt = conn.prepare('SELECT sessionsValidAfter FROM User').get() as { sessionsValidAfter: string | number | null };
  conn.close();
  expect(new Date(revokedAt.sessionsValidAfter ?? 0).getTime()).toBeGreaterThan(Date.now() - 600_000);
  expect(rows).toHaveLength(1);
  expect(rows[0].hash).toMatch(/^[0-9a-f]{64}$/);
  expect(rows[0].prefix).toBe(token.slice(0, 10));
  expect(users).toEqual([{ email: 'gov@example.org', role: 'governance', passwordHash: expect.stringMatching(/^\$2[aby]\$12\$/) }]);
  expect(users[0].passwordHash).not.toContain(password);

  const listed = await lantern('token', 'list');
  expect(listed.stdout).toContain('edge-collector');
  expect(listed.stdout).toContain('active');
  expect(listed.stdout).not.toContain(token);
  expect((await lantern('token', 'revoke', rows[0].id)).code).toBe(0);
  expect((await lantern('token', 'list')).stdout).toContain('revoked');
});

test('token revoke with an id no token has says so, without echoing what was typed (it may be the token itself)', async () => {
  // Before: Prisma's "Invalid `prisma.apiToken.findUniqueOrThrow()` invocation: … No record was found for a query."
  await lantern('migrate');
  const token = (await lantern('token', 'create', '--name', 'kept', '--scope', 'read')).stdout.trim();
  for (const id of [token, 'cm0nosuchtoken']) {
    const r = await lantern('token', 'revoke', id);
    expect([r.code, r.stdout, r.stderr]).toEqual([1, '', "lantern token revoke: no token has that id (the first column of 'lantern token list'; the token itself is not its id)\n"]);
  }
  expect((await lantern('token', 'list')).stdout).toMatch(/ {2}kept {2}\[read\] {2}active\n/);
});

test('user add with a --password too short is a usage error said before the database is touched', async () => {
  // Before: "lantern user: password must be at least 8 characters", exit 1, as for a failure of the run.
  const r = await lantern('user', 'add', '--email', 'short@example.org', '--role', 'viewer', '--password', 'seven77');
  expect([r.code, r.stdout, r.stderr]).toEqual([2, '', 'lantern user add: --password must be at least 8 characters\n']);
  expect((await lantern('user', 'add', '--email', 'short@example.org', '--role', 'viewer', '--password', 'eight888')).code).toBe(0);
});

test('user add with a --team no team has names it and the teams there are, under the subcommand, and adds no one', async () => {
  // Before: "lantern user: unknown team(s): platfrom", the teams that exist unsaid.
  await lantern('migrate');
  const none = await lantern('user', 'add', '--email', 'team1@example.org', '--role', 'owner', '--team', 'platfrom');
  expect([none.code, none.stdout, none.stderr]).toEqual([
    1,
    '',
    "lantern user add: --team platfrom: no such team (there is no team yet; 'lantern spec push --owner TEAM', an ownership rule or an OIDC sign-in makes one)\n",
  ]);
  const spec = join(env.LANTERN_DATA_DIR!, 'openapi.yaml');
  writeFileSync(spec, 'openapi: 3.0.0\ninfo: { title: shop, version: "1" }\npaths: {}\n');
  expect((await lantern('spec', 'push', spec, '--api', 'shop', '--owner', 'platform')).code).toBe(0);
  const r = await lantern('user', 'add', '--email', 'team1@example.org', '--role', 'owner', '--team', 'platform', '--team', 'platfrom', '--team', 'payment');
  expect([r.code, r.stdout, r.stderr]).toEqual([
    1,
    '',
    "lantern user add: --team platfrom, payment: no such teams (the teams are platform; 'lantern spec push --owner TEAM', an ownership rule or an OIDC sign-in makes one)\n",
  ]);
  expect((await lantern('user', 'revoke-sessions', '--email', 'team1@example.org')).code).toBe(1);
});

test('token revoke with two ids, or list with an argument, is a usage error that revokes nothing', async () => {
  // Before: `token revoke ID1 ID2` revoked ID1, said 'revoked …' and exit 0, ID2 left working without a word.
  await lantern('migrate');
  const ids = [];
  for (const name of ['stray-1', 'stray-2']) {
    await lantern('token', 'create', '--name', name, '--scope', 'read');
    ids.push((await lantern('token', 'list')).stdout.split('\n').find((l) => l.includes(`  ${name}  `))!.split('  ')[0]);
  }
  const two = await lantern('token', 'revoke', ...ids);
  expect([two.code, two.stdout, two.stderr]).toEqual([2, '', `lantern token revoke: takes one ID, not '${ids[1]}' too (revoke each on its own)\nRun 'lantern token --help' for its options.\n`]);
  const list = await lantern('token', 'list', 'all');
  expect([list.code, list.stdout, list.stderr]).toEqual([2, '', "lantern token list: unexpected argument 'all'\nRun 'lantern token --help' for its options.\n"]);
  expect((await lantern('token', 'list')).stdout).toMatch(/ {2}stray-1 {2}\[read\] {2}active\n[^]* {2}stray-2 {2}\[read\] {2}active\n|stray-2 {2}\[read\] {2}active\n[^]* {2}stray-1 {2}\[read\] {2}active\n/);
});

test("--name and --scope, options of 'token create', given to list or revoke are refused, nothing done", async () => {
  // Until 6 Dec `token list --scope ingest` listed every token as if filtered, and `token revoke ID --name x` revoked ID.
  await lantern('migrate');
  await lantern('token', 'create', '--name', 'kept', '--scope', 'read');
  const id = (await lantern('token', 'list')).stdout.split('\n').find((l) => l.includes('  kept  '))!.split('  ')[0];
  const list = await lantern('token', 'list', '--scope', 'ingest');
  expect([list.code, list.stdout, list.stderr]).toEqual([2, '', "lantern token list: --scope is an option of 'token create' alone\nRun 'lantern token --help' for its options.\n"]);
  const revoke = await lantern('token', 'revoke', id, '--name', 'kept');
  expect([revoke.code, revoke.stdout, revoke.stderr]).toEqual([2, '', "lantern token revoke: --name is an option of 'token create' alone\nRun 'lantern token --help' for its options.\n"]);
  expect((await lantern('token', 'list')).stdout).toContain('  kept  [read]  active\n');
});

test('user add --password-stdin takes the password from standard input, out of the process list', async () => {
  // Until 6 Dec --password was the only way to choose one, and every user of the machine saw it in `ps`.
  await lantern('migrate');
  const added = await runLantern(['user', 'add', '--email', 'stdin@example.org', '--role', 'viewer', '--password-stdin'], env, { input: 'correct horse battery\nignored\n' });
  expect([added.code, added.stdout]).toEqual([0, 'created stdin@example.org (viewer)\n']);
  const row = new Database(dbFile, { readonly: true }).prepare('SELECT "passwordHash" FROM "User" WHERE "email" = ?').get('stdin@example.org') as { passwordHash: string };
  expect(await verifyPassword('correct horse battery', row.passwordHash)).toBe(true);
  const short = await runLantern(['user', 'add', '--email', 's2@example.org', '--role', 'viewer', '--password-stdin'], env, { input: 'seven77' });
  expect([short.code, short.stderr]).toEqual([2, 'lantern user add: the password read from standard input must be at least 8 characters\n']);
  const both = await runLantern(['user', 'add', '--email', 's3@example.org', '--role', 'viewer', '--password-stdin', '--password', 'eight888'], env, { input: 'x' });
  expect(both.code).toBe(2);
  // The e-mail as an argument was passed over, and --email's absence said instead.
  const stray = await lantern('user', 'add', 's4@example.org', '--email', 's4@example.org', '--role', 'viewer');
  expect([stray.code, stray.stdout]).toEqual([2, '']);
  expect(stray.stderr).toContain("unexpected argument 's4@example.org'");
});
