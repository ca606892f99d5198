import { afterAll, beforeAll, expect, test } from 'vitest';
import { listAuditEvents } from '../../lib/db/audit';
import { db, disconnectDb } from '../../lib/db/client';
import { createUser, getUserPrincipal } from '../../lib/db/users';
import { useFreshDatabase } from '../db-harness';
import { runLantern } from '../run-lantern';

// Until 6 Dec only `user add` set a role or teams: an owner in no team, whom the dashboard tells to ask an admin to add
// them to one, had no admin command (or page) that could.
let env: NodeJS.ProcessEnv;
const lantern = (...args: string[]) => runLantern(args, env);

beforeAll(async () => {
  const url = await useFreshDatabase('sqlite');
  env = { ...process.env, DATABASE_URL: url };
  await disconnectDb();
});
afterAll(() => disconnectDb());

test('user set gives an existing user teams and a role, at their next request, audited; unknown teams change nothing', async () => {
  await db().team.createMany({ data: [{ slug: 'payments', name: 'Payments' }, { slug: 'search', name: 'Search' }] });
  const erin = await createUser({ email: 'erin@example.org', role: 'owner', password: 'erin-password' });
  const teamIds = async () => (await getUserPrincipal(erin.id))!.teamIds.length;
  expect(await teamIds()).toBe(0);

  const set = await lantern('user', 'set', 'Erin@example.org', '--team', 'payments', '--team', 'search');
  expect([set.code, set.stdout, set.stderr]).toEqual([0, 'erin@example.org: teams - → payments,search\n', '']);
  expect(await teamIds()).toBe(2);
  const unknown = await lantern('user', 'set', 'erin@example.org', '--team', 'payments', '--team', 'nope');
  expect([unknown.code, unknown.stderr]).toEqual([1, 'lantern user set: --team nope: no such team (the teams are payments, search)\n']);
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
  expect((await getUserPrincipal(sso.id))!.role).toBe('viewer');
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
