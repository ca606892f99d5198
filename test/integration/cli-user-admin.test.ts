import { afterAll, beforeAll, expect, test } from 'vitest';
import { listAuditEvents } from '../../lib/db/audit';
import { db, disconnectDb } from '../../lib/db/client';
import { createApiToken } from '../../lib/db/tokens';
import { createUser, findUserByEmail, getUserPrincipal } from '../../lib/db/users';
import { useFreshDatabase } from '../db-harness';
import { runLantern } from '../run-lantern';

// Before: `lantern user` knew only add and revoke-sessions: nothing listed users (nor the id the admin revoke-sessions
// route needs), and disabling one, which the README speaks of, took an UPDATE in the database by hand.
let env: NodeJS.ProcessEnv;

const lantern = (...args: string[]) => runLantern(args, env);

beforeAll(async () => {
  const url = await useFreshDatabase('sqlite');
  env = { ...process.env, DATABASE_URL: url };
  await disconnectDb();
});
afterAll(() => disconnectDb());

test('user list shows each user, text and --json, never a password hash', async () => {
  expect((await lantern('user', 'add', '--email', 'Ada@Example.org', '--role', 'admin', '--password', 'secret-password-1')).code).toBe(0);
  const spec = await lantern('user', 'add', '--email', 'bob@example.org', '--role', 'viewer', '--name', 'Bob B');
  expect(spec.code).toBe(0);
  const empty = await lantern('user', 'list', '--json');
  expect(empty.code).toBe(0);
  const listed = JSON.parse(empty.stdout) as Record<string, unknown>[];
  const ada = await findUserByEmail('ada@example.org');
  expect(listed).toEqual([
    { id: ada!.id, email: 'ada@example.org', name: null, role: 'admin', teams: [], disabled: false, disabledAt: null, signsInWith: 'password', createdAt: ada!.createdAt.toISOString() },
    expect.objectContaining({ email: 'bob@example.org', name: 'Bob B', role: 'viewer', teams: [], disabled: false }),
  ]);
  expect(empty.stdout).not.toMatch(/passwordHash|\$2[aby]\$/);
  const text = await lantern('user', 'list');
  expect([text.code, text.stderr]).toEqual([0, '']);
  expect(text.stdout.split('\n')[0]).toMatch(new RegExp(`^${ada!.id}  ada@example\\.org  admin  -  active$`));
  expect(text.stdout).toMatch(/  bob@example\.org  viewer  -  active\n/);
});

test('user disable refuses the sign-in and every session at once; enable lets the user sign in again, but not with the old sessions', async () => {
  const user = await createUser({ email: 'carol@example.org', role: 'owner', password: 'carol-password' });
  const signedInBefore = Date.now() - 1000;
  expect(await getUserPrincipal(user.id, signedInBefore)).not.toBeNull();
  const token = await createApiToken({ name: 'carol-ci', scopes: ['ingest'], createdById: user.id });

  const off = await lantern('user', 'disable', 'Carol@example.org');
  expect([off.code, off.stdout]).toEqual([0, 'disabled carol@example.org\n']);
  // Her tokens act for no user (a collector's may outlive her account): named, with how to revoke them.
  expect(off.stderr).toBe(`carol@example.org created 1 token still active, which act for no user and keep working: ${token.row.id} (carol-ci); 'lantern token revoke ID' ends one\n`);
  expect(await getUserPrincipal(user.id, signedInBefore)).toBeNull();
  expect(await getUserPrincipal(user.id, Date.now() + 1000)).toBeNull();
  expect((await findUserByEmail('carol@example.org'))?.disabledAt).toBeInstanceOf(Date);
  const again = await lantern('user', 'disable', '--email', 'carol@example.org');
  expect([again.code, again.stdout]).toEqual([0, 'carol@example.org was already disabled\n']);
  expect(JSON.parse((await lantern('user', 'list', '--json')).stdout).find((u: { email: string }) => u.email === 'carol@example.org')).toMatchObject({ disabled: true, disabledAt: expect.any(String) });
  expect((await lantern('user', 'list')).stdout).toMatch(/  carol@example\.org  owner  -  disabled\n/);

  const on = await lantern('user', 'enable', 'carol@example.org');
  expect([on.code, on.stdout, on.stderr]).toEqual([0, 'enabled carol@example.org (sessions from before it was disabled stay ended)\n', '']);
  expect(await getUserPrincipal(user.id, signedInBefore)).toBeNull();
  expect(await getUserPrincipal(user.id, Date.now() + 1000)).not.toBeNull();
  expect((await lantern('user', 'enable', 'carol@example.org')).stdout).toBe('carol@example.org was not disabled\n');

  const audit = (await listAuditEvents()).filter((e) => e.targetId === user.id).map((e) => [e.action, e.summary]);
  expect(audit).toEqual([
    ['user.enable', 'cli enabled carol@example.org'],
    ['user.disable', 'cli disabled carol@example.org'],
  ]);
});

test('disable and enable of no such user, or without an e-mail, say so', async () => {
  const nobody = await lantern('user', 'disable', 'nobody@example.org');
  expect([nobody.code, nobody.stdout, nobody.stderr]).toEqual([1, '', 'lantern user disable: no user nobody@example.org\n']);
  const none = await lantern('user', 'enable');
  expect([none.code, none.stdout, none.stderr]).toEqual([2, '', 'lantern user enable: needs the e-mail address (lantern user enable EMAIL)\n']);
  const extra = await lantern('user', 'list', 'stray');
  expect([extra.code, extra.stdout]).toEqual([2, '']);
});

test("an option of 'user add' given to list, disable, enable or revoke-sessions is refused, nothing done", async () => {
  // Until 6 Dec `user disable E --role admin` disabled E and passed the --role over: its typist may have meant
  // something else (a role change: `user set`).
  await createUser({ email: 'dan@example.org', role: 'viewer', password: 'dan-password' });
  const role = await lantern('user', 'disable', 'dan@example.org', '--role', 'admin');
  expect([role.code, role.stdout, role.stderr]).toEqual([2, '', "lantern user disable: --role is an option of 'user add' and 'user set'\n"]);
  expect((await findUserByEmail('dan@example.org'))?.disabledAt).toBeNull();
  const team = await lantern('user', 'list', '--team', 'payments');
  expect([team.code, team.stdout, team.stderr]).toEqual([2, '', "lantern user list: --team is an option of 'user add' and 'user set'\n"]);
  // Until 7 Dec `user list --email E` listed every user, as if the list were of E alone.
  const list = await lantern('user', 'list', '--email', 'dan@example.org');
  expect([list.code, list.stdout, list.stderr]).toEqual([2, '', "lantern user list: --email is no option of 'user list', which lists every user\n"]);
  const password = await lantern('user', 'revoke-sessions', 'dan@example.org', '--password-stdin');
  expect([password.code, password.stderr]).toEqual([2, "lantern user revoke-sessions: --password-stdin is an option of 'user add' alone\n"]);
});

// Until 6 Dec only `user add` set a role or teams: an owner in no team, whom the dashboard tells to ask an admin to add
// them to one, had no admin command (or page) that could.
test('user set gives an existing user teams and a role, at their next request, audited; unknown teams change nothing', async () => {
  await db().team.createMany({ data: [{ slug: 'payments', name: 'Payments' }, { slug: 'search', name: 'Search' }] });
  const erin = await createUser({ email: 'erin@example.org', role: 'owner', password: 'erin-password' });
  const teamIds = async () => ((await getUserPrincipal(erin.id)) as { teamIds: string[] }).teamIds.length;
  expect(await teamIds()).toBe(0);

  const set = await lantern('user', 'set', 'Erin@example.org', '--team', 'payments', '--team', 'search');
  expect([set.code, set.stdout, set.stderr]).toEqual([0, 'erin@example.org: teams - → payments,search\n', '']);
  expect(await teamIds()).toBe(2);
  const unknown = await lantern('user', 'set', 'erin@example.org', '--team', 'payments', '--team', 'nope');
  expect([unknown.code, unknown.stderr]).toEqual([1, "lantern user set: --team nope: no such team (the teams are payments, search; 'lantern spec push --owner TEAM', an ownership rule or an OIDC sign-in makes one)\n"]);
  expect(await teamIds()).toBe(2);
  const role = await lantern('user', 'set', 'erin@example.org', '--role', 'governance', '--team', 'search');
  expect([role.code, role.stdout]).toEqual([0, 'erin@example.org: role owner → governance; teams payments,search → search\n']);
  expect(await getUserPrincipal(erin.id)).toMatchObject({ role: 'governance', teamIds: [expect.any(String)] });
  expect((await lantern('user', 'set', 'erin@example.org', '--role', 'governance')).stdout).toBe('erin@example.org already has role governance and teams search\n');
  const none = await lantern('user', 'set', 'erin@example.org', '--no-teams');
  expect([none.code, none.stdout]).toEqual([0, 'erin@example.org: teams search → -\n']);

  const audit = (await listAuditEvents()).filter((e) => e.targetId === erin.id).map((e) => [e.actor, e.action, e.summary]);
  expect(audit).toEqual([
    ['cli', 'user.update', 'cli set erin@example.org: teams search → -'],
    ['cli', 'user.update', 'cli set erin@example.org: role owner → governance; teams payments,search → search'],
    ['cli', 'user.update', 'cli set erin@example.org: teams - → payments,search'],
  ]);
});

test('user set refuses a single sign-on user, no user, nothing to set and bad options, changing nothing', async () => {
  const sso = await createUser({ email: 'sso@example.org', role: 'viewer' });
  const refused = await lantern('user', 'set', 'sso@example.org', '--role', 'admin');
  expect([refused.code, refused.stderr]).toEqual([1, 'lantern user set: sso@example.org signs in with single sign-on: its identity provider sets the role and team at each sign-in\n']);
  expect(await getUserPrincipal(sso.id)).toMatchObject({ role: 'viewer' });
  const cases: [string[], number, string][] = [
    [['nobody@example.org', '--role', 'admin'], 1, 'lantern user set: no user nobody@example.org\n'],
    [['sso@example.org'], 2, 'lantern user set: nothing to set: give --role, --team SLUG (each of the teams, replacing the others) or --no-teams\n'],
    [['sso@example.org', '--role', 'root'], 2, 'lantern user set: --role must be one of viewer, owner, governance, admin\n'],
    [['sso@example.org', '--team', 'x', '--no-teams'], 2, 'lantern user set: --team and --no-teams are one or the other\n'],
    [['--email', 'sso@example.org', '--role', 'admin'], 2, "lantern user set: --email is no option of 'user set' (the e-mail goes first: user set EMAIL --role R)\n"],
  ];
  for (const [args, code, stderr] of cases) {
    const r = await lantern('user', 'set', ...args);
    expect([args, r.code, r.stderr]).toEqual([args, code, stderr]);
  }
  const stray = await lantern('user', 'disable', 'sso@example.org', '--no-teams');
  expect([stray.code, stray.stderr]).toEqual([2, "lantern user disable: --no-teams is an option of 'user set' alone\n"]);
});
