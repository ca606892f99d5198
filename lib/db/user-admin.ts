import { db } from './client';

/**
 * Every user as an administrator needs to see them (`lantern user list`): the id the admin routes take, role, teams,
 * whether disabled, and how they sign in. Never the password hash.
 */
export async function listUsers() {
  const rows = await db().user.findMany({
    orderBy: { email: 'asc' },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      disabledAt: true,
      createdAt: true,
      passwordHash: true,
      memberships: { select: { team: { select: { slug: true } } } },
    },
  });
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    teams: u.memberships.map((m) => m.team.slug).sort(),
    disabled: u.disabledAt !== null,
    disabledAt: u.disabledAt?.toISOString() ?? null,
    // A user without a password hash signs in only through OIDC.
    signsInWith: u.passwordHash ? ('password' as const) : ('single sign-on' as const),
    createdAt: u.createdAt.toISOString(),
  }));
}

export type ListedUser = Awaited<ReturnType<typeof listUsers>>[number];

/**
 * Disables a user once: the sign-in is refused and every session ends at once (lib/db/users.ts getUserPrincipal reads
 * `disabledAt` on each request). The sessions are also revoked, so that enabling the user again does not bring back a
 * cookie from before (a lost laptop's). `changed` is false when the user already was disabled: the first time is kept
 * and one audit event written. Null when there is no such user.
 */
export async function disableUser(userId: string, at = new Date()) {
  const { count } = await db().user.updateMany({ where: { id: userId, disabledAt: null }, data: { disabledAt: at, sessionsValidAfter: at } });
  return standing(userId, count === 1);
}

/** Enables a disabled user; sessions from before stay ended (see disableUser). `changed` is false if it was enabled. */
export async function enableUser(userId: string) {
  const { count } = await db().user.updateMany({ where: { id: userId, disabledAt: { not: null } }, data: { disabledAt: null } });
  return standing(userId, count === 1);
}

async function standing(userId: string, changed: boolean) {
  const user = await db().user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
  return user && { user, changed };
}

/**
 * Live API tokens a user created. They act for no user (a token carries its own scopes), so disabling their creator
 * leaves them working; the CLI names them so the operator decides.
 */
export function activeTokensCreatedBy(userId: string) {
  return db().apiToken.findMany({ where: { createdById: userId, revokedAt: null }, select: { id: true, name: true }, orderBy: { createdAt: 'asc' } });
}
