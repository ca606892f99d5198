import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { emailSchema } from '../../lib/auth/email';
import { roleSchema } from '../../lib/auth/roles';
import { recordAuditEvent } from '../../lib/db/audit';
import { disconnectDb } from '../../lib/db/client';
import { createUser } from '../../lib/db/users';

export const summary = 'manage users: user add --email E --role viewer|owner|governance|admin [--team T]';

const HELP = `Usage: lantern user add --email EMAIL --role viewer|owner|governance|admin [--name NAME] [--team SLUG]... [--password P]

Creates a user who signs in with a password. Without --password one is generated and printed once.
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
  if (values.help || positionals[0] !== 'add') {
    process.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  const email = emailSchema.safeParse(values.email);
  const role = roleSchema.safeParse(values.role);
  if (!email.success || !role.success) {
    process.stderr.write(`lantern user add: ${!email.success ? '--email must be an e-mail address' : '--role must be one of viewer, owner, governance, admin'}\n`);
    return 2;
  }
  const password = values.password ?? randomBytes(12).toString('base64url');
  try {
    const user = await createUser({ email: email.data, role: role.data, name: values.name, password, teamSlugs: values.team });
    await recordAuditEvent({ actor: 'system', action: 'user.create', targetType: 'user', targetId: user.id, summary: `cli created ${user.email} (${role.data})` });
    process.stdout.write(`created ${user.email} (${role.data})${values.password ? '' : `\npassword: ${password}  (shown once)`}\n`);
    return 0;
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002') {
      process.stderr.write(`lantern user add: ${email.data} already exists\n`);
      return 1;
    }
    throw err;
  } finally {
    await disconnectDb();
  }
}
