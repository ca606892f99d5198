import { canActForTeam } from '../auth/permissions';
import type { Principal } from '../auth/roles';
import { db } from './client';
import { listOwnershipRules, ownerTeamFor } from './ownership';

/**
 * Which hosts an owner answers for, for the changes that act on a whole host or path prefix (overrides, ownership
 * rules): a host one of their team's APIs declares in its servers; or, when no API declares it at all, a host an
 * ownership rule gives their team. So one team cannot hide, fold or claim another team's endpoints. Admins (and
 * governance, and tokens, per `canActForTeam`) act on every host. Checked on top of the route's permission.
 */
export async function mayWriteOverrideFor(principal: Principal, host: string): Promise<boolean> {
  if (canActForTeam(principal, null)) return true;
  if (principal.kind !== 'user' || host === '*' || principal.teamIds.length === 0) return false;
  const wanted = host.toLowerCase();
  const declaring = (await db().api.findMany({ select: { hosts: true, ownerTeamId: true } })).filter((a) =>
    (Array.isArray(a.hosts) ? a.hosts : []).some((h) => typeof h === 'string' && hostOf(h) === wanted),
  );
  if (declaring.length > 0) return declaring.some((a) => a.ownerTeamId !== null && principal.teamIds.includes(a.ownerTeamId));
  return (await db().ownershipRule.count({ where: { teamId: { in: principal.teamIds }, host: wanted } })) > 0;
}

/**
 * An owner may add an ownership rule for their own team only where no other team already answers: not for every
 * host (`*`), not on a host another team's API declares, and not under a prefix another team's rule owns (which
 * would re-point or carve out that team's endpoints).
 */
export async function mayWriteOwnershipRule(principal: Principal, rule: { host: string; pathPrefix: string }): Promise<boolean> {
  if (canActForTeam(principal, null)) return true;
  if (principal.kind !== 'user' || rule.host === '*') return false;
  const host = rule.host.toLowerCase();
  const declaring = (await db().api.findMany({ select: { hosts: true, ownerTeamId: true } })).filter((a) =>
    (Array.isArray(a.hosts) ? a.hosts : []).some((h) => typeof h === 'string' && hostOf(h) === host),
  );
  if (declaring.some((a) => a.ownerTeamId === null || !principal.teamIds.includes(a.ownerTeamId))) return false;
  const current = ownerTeamFor(await listOwnershipRules(), host, rule.pathPrefix);
  return current === null || principal.teamIds.includes(current);
}

/** The host a stored override acts on, or null when there is no such override. */
export async function getOverrideHost(id: string): Promise<string | null> {
  return (await db().pathOverride.findUnique({ where: { id }, select: { host: true } }))?.host ?? null;
}

/** Api.hosts holds server URLs (`https://api.test/v1`) or, for relative servers, a bare base path. */
function hostOf(server: string): string | undefined {
  try {
    return new URL(server).host.toLowerCase();
  } catch {
    return undefined;
  }
}
