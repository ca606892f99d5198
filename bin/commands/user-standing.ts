// `lantern user list|disable|enable|revoke-sessions`: what an administrator does to users that exist (bin/commands/user.ts
// parses the command line and adds users).
import { recordAuditEvent } from '../../lib/db/audit';
import { disconnectDb } from '../../lib/db/client';
import { activeTokensCreatedBy, disableUser, enableUser, listUsers, type ListedUser } from '../../lib/db/user-admin';
import { findUserByEmail, revokeUserSessions } from '../../lib/db/users';
import { emailArgument } from './user-arguments';

export async function listUsersCommand(json: boolean): Promise<number> {
  try {
    const users = await listUsers();
    process.stdout.write(json ? `${JSON.stringify(users)}\n` : users.map(formatUser).join(''));
    return 0;
  } finally {
    await disconnectDb();
  }
}

function formatUser(u: ListedUser): string {
  return `${u.id}  ${u.email}  ${u.role}  ${u.teams.length > 0 ? u.teams.join(',') : '-'}  ${u.disabled ? 'disabled' : 'active'}\n`;
}

type Change = 'disable' | 'enable' | 'revoke-sessions';

export async function changeStanding(sub: Change, rawEmail: string | undefined): Promise<number> {
  const argument = emailArgument(rawEmail, `lantern user ${sub} EMAIL`);
  if ('problem' in argument) {
    process.stderr.write(`lantern user ${sub}: ${argument.problem}\n`);
    return 2;
  }
  const { email } = argument;
  try {
    const user = await findUserByEmail(email);
    if (!user) {
      process.stderr.write(`lantern user ${sub}: no user ${email}\n`);
      return 1;
    }
    const audit = (action: string, summary: string) => recordAuditEvent({ actor: 'cli', action, targetType: 'user', targetId: user.id, summary });
    if (sub === 'revoke-sessions') {
      await revokeUserSessions(user.id);
      await audit('user.sessions.revoke', `cli revoked every session of ${user.email}`);
      process.stdout.write(`revoked every session of ${user.email}\n`);
    } else if (sub === 'disable') {
      const changed = (await disableUser(user.id))?.changed ?? false;
      if (changed) await audit('user.disable', `cli disabled ${user.email}`);
      process.stdout.write(changed ? `disabled ${user.email}\n` : `${user.email} was already disabled\n`);
      const tokens = await activeTokensCreatedBy(user.id);
      if (tokens.length > 0) {
        const named = tokens.map((t) => `${t.id} (${t.name})`).join(', ');
        process.stderr.write(`${user.email} created ${tokens.length} token${tokens.length > 1 ? 's' : ''} still active, which act for no user and keep working: ${named}; 'lantern token revoke ID' ends one\n`);
      }
    } else {
      const changed = (await enableUser(user.id))?.changed ?? false;
      if (changed) await audit('user.enable', `cli enabled ${user.email}`);
      process.stdout.write(changed ? `enabled ${user.email} (sessions from before it was disabled stay ended)\n` : `${user.email} was not disabled\n`);
    }
    return 0;
  } finally {
    await disconnectDb();
  }
}
