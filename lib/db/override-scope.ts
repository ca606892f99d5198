import { canActForTeam } from '../auth/permissions';
import type { Principal } from '../auth/roles';
import { db } from './client';

/**
 * Overrides act on a host: merging, splitting or hiding its endpoints. An owner may do that only on hosts their own
 * team answers for — a host one of the team's APIs declares in its servers, or an ownership rule gives the team —
 * so one team cannot hide or fold another team's endpoints. `*` (every host) is for admins. Checked where the
 * target is known, on top of the `override:write` permission.
 */
export async function mayWriteOverrideFor(principal: Principal, host: string): Promise<boolean> {
  if (canActForTeam(principal, null)) return true; // admins (and governance, tokens) act on every team
  if (principal.kind !== 'user' || host === '*' || principal.teamIds.length === 0) return false;
  const wanted = host.toLowerCase();
  const [apis, rules] = await Promise.all([
    db().api.findMany({ where: { ownerTeamId: { in: principal.teamIds } }, select: { hosts: true } }),
    db().ownershipRule.findMany({ where: { teamId: { in: principal.teamIds }, host: wanted }, select: { id: true } }),
  ]);
  return rules.length > 0 || apis.some((a) => (Array.isArray(a.hosts) ? a.hosts : []).some((h) => typeof h === 'string' && hostOf(h) === wanted));
}

/** Api.hosts holds server URLs (`https://api.test/v1`) or, for relative servers, a bare base path. */
function hostOf(server: string): string | undefined {
  try {
    return new URL(server).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/** The host a stored override acts on, or null when there is no such override. */
export async function getOverrideHost(id: string): Promise<string | null> {
  return (await db().pathOverride.findUnique({ where: { id }, select: { host: true } }))?.host ?? null;
}
