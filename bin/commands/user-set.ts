// `lantern user set EMAIL [--role R] [--team SLUG]... [--no-teams]`: an administrator changes an existing user's role
// or teams (bin/commands/user.ts parses the command line). Until 6 Dec only `user add` set them, so an owner in no
// team, told by the dashboard to ask an admin for one, had nobody who could.
import { roleSchema } from '../../lib/auth/roles';
import { recordAuditEvent } from '../../lib/db/audit';
import { disconnectDb } from '../../lib/db/client';
import { setUserRoleAndTeams } from '../../lib/db/user-admin';
import { findUserByEmail, UnknownTeamsError } from '../../lib/db/users';
import { emailArgument, ROLE_PROBLEM, unknownTeamsProblem } from './user-arguments';

export async function setUserCommand(rawEmail: string | undefined, values: { role?: string; team?: string[]; 'no-teams'?: boolean }): Promise<number> {
  const say = (text: string, code: number) => {
    process.stderr.write(`lantern user set: ${text}\n`);
    return code;
  };
  const argument = emailArgument(rawEmail, 'lantern user set EMAIL --role R | --team SLUG... | --no-teams');
  if ('problem' in argument) return say(argument.problem, 2);
  const { email } = argument;
  const role = values.role === undefined ? undefined : roleSchema.safeParse(values.role);
  if (role && !role.success) return say(ROLE_PROBLEM, 2);
  if (values['no-teams'] && values.team !== undefined) return say('--team and --no-teams are one or the other', 2);
  const teamSlugs = values['no-teams'] ? [] : values.team;
  if (role === undefined && teamSlugs === undefined) return say('nothing to set: give --role, --team SLUG (each of the teams, replacing the others) or --no-teams', 2);
  try {
    const user = await findUserByEmail(email);
    if (!user) return say(`no user ${email}`, 1);
    // An OIDC user's role and team are the identity provider's, set again at each sign-in (lib/db/users.ts).
    if (user.passwordHash === null) return say(`${user.email} signs in with single sign-on: its identity provider sets the role and team at each sign-in`, 1);
    const changed = await setUserRoleAndTeams(user.id, { role: role?.data, teamSlugs });
    if (!changed) return say(`no user ${email}`, 1);
    const { before, after } = changed;
    const parts = [
      ...(before.role !== after.role ? [`role ${before.role} → ${after.role}`] : []),
      ...(before.teams.join(',') !== after.teams.join(',') ? [`teams ${before.teams.join(',') || '-'} → ${after.teams.join(',') || '-'}`] : []),
    ];
    if (parts.length === 0) {
      process.stdout.write(`${user.email} already has role ${after.role} and teams ${after.teams.join(',') || '-'}\n`);
      return 0;
    }
    await recordAuditEvent({ actor: 'cli', action: 'user.update', targetType: 'user', targetId: user.id, summary: `cli set ${user.email}: ${parts.join('; ')}` });
    process.stdout.write(`${user.email}: ${parts.join('; ')}\n`);
    return 0;
  } catch (err) {
    if (err instanceof UnknownTeamsError) return say(unknownTeamsProblem(err), 1);
    throw err;
  } finally {
    await disconnectDb();
  }
}
