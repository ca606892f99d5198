import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { emailSchema } from '../../lib/auth/email';
import { MIN_PASSWORD_LENGTH } from '../../lib/auth/password';
import { roleSchema } from '../../lib/auth/roles';
import { recordAuditEvent } from '../../lib/db/audit';
import { disconnectDb } from '../../lib/db/client';
import { createUser, findUserByEmail, revokeUserSessions, UnknownTeamsError } from '../../lib/db/users';

export const summary = 'manage users: user add --email E --role viewer|owner|governance|admin [--team T]; user revoke-sessions --email E';

const HELP = `Usage: lantern user add --email EMAIL --role viewer|owner|governance|admin [--name NAME] [--team SLUG]... [--password P]
       lantern user revoke-sessions --email EMAIL

add              creates a user who signs in with a password. Without --password one is generated and printed once.
revoke-sessions  ends every session the user has now, on every device (they can sign in again).
Exit codes: 0 done, 1 refused (the e-mail exists, an unknown --team, no such user), 2 usage (--email, --role, or a
--password under 8 characters).
`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      team: { type: 'string', multiple: true },
      password: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || (positionals[0] !== 'add' && positionals[0] !== 'revoke-sessions')) {
    (values.help ? process.stdout : process.stderr).write(HELP);
    return values.help ? 0 : 2;
  }
  if (positionals[0] === 'revoke-sessions') return revokeSessions(values.email);
  const email = emailSchema.safeParse(values.email);
  const role = roleSchema.safeParse(values.role);
  if (!email.success || !role.success) {
    process.stderr.write(`lantern user add: ${!email.success ? '--email must be an e-mail address' : '--role must be one of viewer, owner, governance, admin'}\n`);
    return 2;
  }
  if (values.password !== undefined && values.password.length < MIN_PASSWORD_LENGTH) {
    process.stderr.write(`lantern user add: --password must be at least ${MIN_PASSWORD_LENGTH} characters\n`);
    return 2;
  }
  const password = values.password ?? randomBytes(12).toString('base64url');
  try {
    const user = await createUser({ email: email.data, role: role.data, name: values.name, password, teamSlugs: values.team });
    await recordAuditEvent({ actor: 'system', action: 'user.create', targetType: 'user', targetId: user.id, summary: `cli created ${user.email} (${role.data})` });
    process.stdout.write(`created ${user.email} (${role.data})${values.password ? '' : `\npassword: ${password}  (shown once)`}\n`);
    return 0;
  } catch (err) {
    if (err instanceof UnknownTeamsError) {
      // Until 6 Dec "lantern user: unknown team(s): x", under the command's name alone, and no word of the teams there are.
      const known = err.known.length === 0 ? 'there is no team yet' : `the teams are ${err.known.slice(0, 20).join(', ')}${err.known.length > 20 ? ', …' : ''}`;
      process.stderr.write(`lantern user add: --team ${err.missing.join(', ')}: no such team${err.missing.length > 1 ? 's' : ''} (${known}; 'lantern spec push --owner TEAM', an ownership rule or an OIDC sign-in makes one)\n`);
      return 1;
    }
    if ((err as { code?: string }).code === 'P2002') {
      process.stderr.write(`lantern user add: ${email.data} already exists\n`);
      return 1;
    }
    throw err;
  } finally {
    await disconnectDb();
  }
}

async function revokeSessions(rawEmail: string | undefined): Promise<number> {
  const email = emailSchema.safeParse(rawEmail);
  if (!email.success) {
    process.stderr.write('lantern user revoke-sessions: --email must be an e-mail address\n');
    return 2;
  }
  try {
    const user = await findUserByEmail(email.data);
    if (!user) {
      process.stderr.write(`lantern user revoke-sessions: no user ${email.data}\n`);
      return 1;
    }
    await revokeUserSessions(user.id);
    await recordAuditEvent({ actor: 'system', action: 'user.sessions.revoke', targetType: 'user', targetId: user.id, summary: `cli revoked every session of ${user.email}` });
    process.stdout.write(`revoked every session of ${user.email}\n`);
    return 0;
  } finally {
    await disconnectDb();
  }
}
