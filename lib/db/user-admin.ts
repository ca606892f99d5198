import type { Role } from '../auth/roles';
import { db } from './client';
import { teamsBySlug } from './users';

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

/**
 * Sets a user's role and/or teams (`lantern user set`): the teams given replace the user's own, all or none (an unknown
 * slug changes nothing). The role and teams count at the user's next request (getUserPrincipal re-reads them). Null
 * when there is no such user; `before` and `after` say what changed, for the audit event.
 */
export async function setUserRoleAndTeams(userId: string, change: { role?: Role; teamSlugs?: string[] }) {
  return db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, include: { memberships: { include: { team: true } } } });
    if (!user) return null;
    const before = { role: user.role, teams: user.memberships.map((m) => m.team.slug).sort() };
    const teams = change.teamSlugs === undefined ? undefined : await teamsBySlug(tx, change.teamSlugs);
    if (teams !== undefined) {
      await tx.membership.deleteMany({ where: { userId } });
      if (teams.length > 0) await tx.membership.createMany({ data: teams.map((t) => ({ userId, teamId: t.id })) });
    }
    if (change.role !== undefined) await tx.user.update({ where: { id: userId }, data: { role: change.role } });
    const after = { role: change.role ?? before.role, teams: teams?.map((t) => t.slug).sort() ?? before.teams };
    return { user: { id: user.id, email: user.email, signsInWithPassword: user.passwordHash !== null }, before, after };
  });
}
