import { hashPassword } from '../auth/password';
import { roleSchema, type Principal, type Role } from '../auth/roles';
import { db } from './client';
import type { DbClient } from './spec-catalog';
import { recordAuditEvent } from './audit';

/**
 * The user behind a session, re-read on every request so a disabled account or a changed role counts at once.
 * `signedInAt` (ms, from the session's `authAt` claim) is checked against the user's `sessionsValidAfter`: a
 * session from before a revocation is refused. (Sessions past LANTERN_SESSION_MAX_AGE, or without the claim, never
 * get here: lib/auth/principal.ts sessionPrincipal.)
 */
export async function getUserPrincipal(userId: string, signedInAt?: number): Promise<Principal | null> {
  const user = await db().user.findUnique({ where: { id: userId }, include: { memberships: true } });
  if (!user || user.disabledAt) return null;
  if (user.sessionsValidAfter && !(signedInAt !== undefined && signedInAt > user.sessionsValidAfter.getTime())) return null;
  const role = roleSchema.safeParse(user.role);
  if (!role.success) return null;
  return {
    kind: 'user',
    id: user.id,
    email: user.email,
    name: user.name,
    role: role.data,
    teamIds: user.memberships.map((m) => m.teamId),
  };
}

export function findUserByEmail(email: string) {
  return db().user.findUnique({ where: { email: email.toLowerCase() } });
}

export function countUsers() {
  return db().user.count();
}

/** Teams named for a user that do not exist, with (up to 21 of) those that do, for the message. */
export class UnknownTeamsError extends Error {
  constructor(
    readonly missing: string[],
    readonly known: string[],
  ) {
    super(`unknown team(s): ${missing.join(', ')}`);
  }
}

/** The teams the slugs name, each once; all or none: an UnknownTeamsError names the slugs no team has. */
export async function teamsBySlug(client: DbClient, slugs: readonly string[]) {
  const wanted = [...new Set(slugs)];
  const teams = wanted.length > 0 ? await client.team.findMany({ where: { slug: { in: wanted } } }) : [];
  const missing = wanted.filter((s) => !teams.some((t) => t.slug === s));
  if (missing.length > 0) {
    const known = await client.team.findMany({ select: { slug: true }, orderBy: { slug: 'asc' }, take: 21 });
    throw new UnknownTeamsError(missing, known.map((t) => t.slug));
  }
  return teams;
}

export async function createUser(input: {
  email: string;
  name?: string;
  role: Role;
  password?: string;
  teamSlugs?: string[];
}) {
  const teams = await teamsBySlug(db(), input.teamSlugs ?? []);
  return db().user.create({
    data: {
      email: input.email.toLowerCase(),
      name: input.name,
      role: input.role,
      passwordHash: input.password ? await hashPassword(input.password) : null,
      memberships: { create: teams.map((t) => ({ teamId: t.id })) },
    },
  });
}

/**
 * OIDC sign-in: the identity provider is the source of truth for role and team on every sign-in. The user's teams
 * become exactly the one the claim names (none without a valid claim): someone the provider moved to another team
 * kept acting as an owner of the old one, since the sign-in only ever added a membership.
 */
export async function upsertOidcUser(input: OidcSignIn) {
  // Prisma's upsert reads, then creates: people signing in for the first time into one new team at once (or one person
  // from two tabs) both create, and all but one failed on the unique slug or e-mail. Again, the row is there to update.
  for (let attempt = 1; ; attempt++) {
    try {
      return await upsertOidcUserOnce(input);
    } catch (err) {
      if ((err as { code?: string }).code !== 'P2002' || attempt >= 3) throw err;
    }
  }
}

/** `issuer`: the identity provider (LANTERN_OIDC_ISSUER), named as the actor of the changes it makes. */
type OidcSignIn = { email: string; name?: string; role: Role; teamSlug?: string; issuer: string };

function upsertOidcUserOnce(input: OidcSignIn) {
  return db().$transaction(async (tx) => {
    const email = input.email.toLowerCase();
    const before = await tx.user.findUnique({ where: { email }, select: { role: true, memberships: { select: { team: { select: { slug: true } } } } } });
    const team = input.teamSlug
      ? await tx.team.upsert({
          where: { slug: input.teamSlug },
          create: { slug: input.teamSlug, name: input.teamSlug },
          update: {},
        })
      : null;
    const user = await tx.user.upsert({
      where: { email },
      create: { email, name: input.name, role: input.role },
      update: { name: input.name, role: input.role },
    });
    await tx.membership.deleteMany({ where: { userId: user.id, ...(team && { teamId: { not: team.id } }) } });
    if (team) {
      await tx.membership.upsert({
        where: { userId_teamId: { userId: user.id, teamId: team.id } },
        create: { userId: user.id, teamId: team.id },
        update: {},
      });
    }
    // The provider can make anyone an admin: the log says who it created and whose role or team it changed, as it
    // does for `lantern user add`, where a single sign-on recorded only "signed in".
    const summary = oidcChange(email, before && { role: before.role, teams: before.memberships.map((m) => m.team.slug) }, { role: input.role, teams: team ? [team.slug] : [] });
    if (summary) await recordAuditEvent({ actor: { kind: 'idp', issuer: input.issuer }, action: before ? 'user.update' : 'user.create', targetType: 'user', targetId: user.id, summary }, tx);
    return user;
  });
}

type Standing = { role: string; teams: string[] };

function oidcChange(email: string, before: Standing | null, after: Standing): string | undefined {
  const teams = (s: Standing) => (s.teams.length > 0 ? [...s.teams].sort().join(', ') : 'none');
  if (!before) return `${email} created by single sign-on (${after.role}, ${after.teams.length > 0 ? `team ${teams(after)}` : 'no team'})`;
  const changes = [
    ...(before.role !== after.role ? [`role ${before.role} → ${after.role}`] : []),
    ...(teams(before) !== teams(after) ? [`teams ${teams(before)} → ${teams(after)}`] : []),
  ];
  return changes.length > 0 ? `${email} by single sign-on: ${changes.join(', ')}` : undefined;
}

/**
 * Ends every session of the user that exists now (each device, each browser): sessions are stateless JWT cookies,
 * so instead of deleting them the user records the instant before which none is valid. Throws Prisma's P2025 when
 * there is no such user.
 */
export function revokeUserSessions(userId: string, at = new Date()) {
  return db().user.update({ where: { id: userId }, data: { sessionsValidAfter: at }, select: { id: true, email: true } });
}

/** The teams a user is a member of, by slug, for the Settings page (it said "member of 2 team(s)", naming none). */
export async function teamsOf(teamIds: readonly string[]): Promise<{ slug: string; name: string }[]> {
  if (teamIds.length === 0) return [];
  return db().team.findMany({ where: { id: { in: [...teamIds] } }, select: { slug: true, name: true }, orderBy: { slug: 'asc' } });
}
