import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { emailSchema } from '../../lib/auth/email';
import { MIN_PASSWORD_LENGTH } from '../../lib/auth/password';
import { roleSchema } from '../../lib/auth/roles';
import { recordAuditEvent } from '../../lib/db/audit';
import { disconnectDb } from '../../lib/db/client';
import { createUser, UnknownTeamsError } from '../../lib/db/users';
import { readStandardInput } from '../standard-input';
import { firstGiven, ROLE_PROBLEM, unexpectedArgument, unknownTeamsProblem } from './user-arguments';
import { setUserCommand } from './user-set';
import { changeStanding, listUsersCommand } from './user-standing';

export const summary = 'manage users: user add --email E --role R, user list, user set EMAIL --role R|--team T, user disable|enable|revoke-sessions EMAIL';

const HELP = `Usage: lantern user add --email EMAIL --role viewer|owner|governance|admin [--name NAME] [--team SLUG]... [--password P | --password-stdin]
       lantern user list [--json]
       lantern user set EMAIL [--role viewer|owner|governance|admin] [--team SLUG]... [--no-teams]
       lantern user disable|enable|revoke-sessions EMAIL        (or --email EMAIL)

add              creates a user who signs in with a password. Without --password one is generated and printed once;
                 --password-stdin reads it from standard input's first line (--password shows it to every user of
                 the machine, in the process list).
list             prints each user: id (the one POST /api/users/ID/sessions/revoke takes), e-mail, role, teams, and
                 active or disabled; --json an array with name, how they sign in and since when they are disabled.
                 Never a password hash.
set              changes a password user's role, or teams: the --team slugs given replace the user's teams, --no-teams
                 leaves none (audited; counts at the user's next request). A single sign-on user's role and team are
                 its identity provider's, set at each sign-in: refused.
disable          refuses the user's sign-in and ends their sessions at once (audited). API tokens they created act
                 for no user and keep working: they are named, for 'lantern token revoke'.
enable           lets a disabled user sign in again; sessions from before the disable stay ended (audited).
revoke-sessions  ends every session the user has now, on every device (they can sign in again).
Exit codes: 0 done (disabling a disabled user or enabling an enabled one too), 1 refused (the e-mail exists, an
unknown --team, no such user), 2 usage (--email, --role, a password under 8 characters, a stray argument, an
option of add given to another subcommand).
`;

export const subcommands = ['add', 'list', 'set', 'disable', 'enable', 'revoke-sessions'];

const ADD_OPTIONS = ['role', 'name', 'team', 'password', 'password-stdin'] as const;

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
      'password-stdin': { type: 'boolean', default: false },
      'no-teams': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [sub, emailArgument, ...stray] = positionals;
  if (values.help || !subcommands.includes(sub)) {
    (values.help ? process.stdout : process.stderr).write(HELP);
    return values.help ? 0 : 2;
  }
  if (values.json && sub !== 'list') {
    process.stderr.write(`lantern user ${sub}: --json is an option of 'user list' alone\n`);
    return 2;
  }
  if (sub === 'set') {
    const other = firstGiven(values, ['name', 'password', 'password-stdin', 'json', 'email']);
    if (other) {
      process.stderr.write(`lantern user set: --${other} is no option of 'user set' (the e-mail goes first: user set EMAIL --role R)\n`);
      return 2;
    }
    if (stray.length > 0) {
      process.stderr.write(unexpectedArgument(sub, stray[0]));
      return 2;
    }
    return setUserCommand(emailArgument, values);
  }
  if (values['no-teams']) {
    process.stderr.write(`lantern user ${sub}: --no-teams is an option of 'user set' alone\n`);
    return 2;
  }
  if (sub === 'list' || sub === 'disable' || sub === 'enable' || sub === 'revoke-sessions') {
    // Until 6 Dec `user disable E --role admin` disabled E and passed --role over, unsaid.
    const addOnly = firstGiven(values, ADD_OPTIONS);
    if (addOnly) {
      process.stderr.write(`lantern user ${sub}: --${addOnly} is an option of 'user add'${addOnly === 'role' || addOnly === 'team' ? " and 'user set'" : ' alone'}\n`);
      return 2;
    }
    if (sub === 'list' && values.email !== undefined) {
      process.stderr.write("lantern user list: --email is no option of 'user list', which lists every user\n");
      return 2;
    }
    if (stray.length > 0 || (sub === 'list' && emailArgument !== undefined) || (emailArgument !== undefined && values.email !== undefined)) {
      process.stderr.write(unexpectedArgument(sub, stray[0] ?? emailArgument ?? ''));
      return 2;
    }
    if (sub === 'list') return listUsersCommand(values.json);
    return changeStanding(sub, emailArgument ?? values.email);
  }
  // Until 6 Dec a stray argument (`user add admin@x.org --role admin`, the e-mail without --email) was passed over.
  if (emailArgument !== undefined) {
    process.stderr.write(unexpectedArgument(sub, emailArgument, ' (the e-mail goes after --email)'));
    return 2;
  }
  if (values['password-stdin'] && values.password !== undefined) {
    process.stderr.write('lantern user add: --password and --password-stdin are one or the other\n');
    return 2;
  }
  if (values['password-stdin']) values.password = await firstLineOfStdin();
  const email = emailSchema.safeParse(values.email);
  const role = roleSchema.safeParse(values.role);
  if (!email.success || !role.success) {
    process.stderr.write(`lantern user add: ${!email.success ? '--email must be an e-mail address' : ROLE_PROBLEM}\n`);
    return 2;
  }
  if (values.password !== undefined && values.password.length < MIN_PASSWORD_LENGTH) {
    process.stderr.write(`lantern user add: ${values['password-stdin'] ? 'the password read from standard input' : '--password'} must be at least ${MIN_PASSWORD_LENGTH} characters\n`);
    return 2;
  }
  const password = values.password ?? randomBytes(12).toString('base64url');
  try {
    const user = await createUser({ email: email.data, role: role.data, name: values.name, password, teamSlugs: values.team });
    await recordAuditEvent({ actor: 'cli', action: 'user.create', targetType: 'user', targetId: user.id, summary: `cli created ${user.email} (${role.data})` });
    process.stdout.write(`created ${user.email} (${role.data})${values.password ? '' : `\npassword: ${password}  (shown once)`}\n`);
    return 0;
  } catch (err) {
    if (err instanceof UnknownTeamsError) {
      process.stderr.write(`lantern user add: ${unknownTeamsProblem(err)}\n`);
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

/**
 * Standard input's first line, without its line end (`printf '%s' "$PW" | …` sends none), decoded whole: a chunk
 * boundary can fall inside a character.
 */
async function firstLineOfStdin(): Promise<string> {
  return (await readStandardInput()).toString('utf8').split('\n')[0].replace(/\r$/, '');
}
