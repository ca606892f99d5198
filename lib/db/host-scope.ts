import { canActForTeam } from '../auth/permissions';
import type { Principal } from '../auth/roles';
import { overrideHost } from '../discovery/overrides';
import { sameHost } from '../openapi/matcher';
import { db } from './client';
import { listOwnershipRules, ownerTeamFor } from './ownership';

/**
 * Which hosts an owner answers for. The teams answering for a host are the owner teams of the APIs that declare it in
 * their servers (a teamless API counts as nobody's team), or serve it through a relative server (servingTeams); when
 * no API declares it, the teams an ownership rule gives
 * it. An owner acts on a whole host (overrides, ownership rules) only when every team answering for it is theirs, so
 * a host shared by several teams' APIs takes an admin; and an owner's spec may name only hosts no other team answers
 * for, else registering it would hand that team's endpoints (and the host itself) to the owner's API. Admins (and
 * governance, and tokens, per `canActForTeam`) act on every host. Checked on top of the route's permission.
 * A server without a port declares its host on every port, as matching reads it (`sameHost`): compared exactly,
 * `pay.test:8443` (a mirror of the TLS port) was declared by nobody, so another team's owner could claim it with a
 * rule and then hide, merge or delete its endpoints with overrides, while its own team's owner was refused.
 */
type Teams = (string | null)[];

export async function mayWriteOverrideFor(principal: Principal, host: string): Promise<boolean> {
  if (canActForTeam(principal, null)) return true;
  if (principal.kind !== 'user' || host === '*' || principal.teamIds.length === 0) return false;
  // As the override will be stored (overrideHost): `PAY.TEST.` compared as written was named by no API.
  const wanted = overrideHost(host);
  const declaring = [...(await declaringTeams((h) => sameHost(h.host, wanted))), ...(await servingTeams(wanted))];
  const teams = declaring.length > 0 ? declaring : await ruleTeams(wanted);
  return teams.length > 0 && allOf(principal, teams);
}

/**
 * An owner may add an ownership rule for their own team only where no other team already answers: not for every
 * host (`*`), not on a host another team's API declares, and not under a prefix another team's rule owns (which
 * would re-point or carve out that team's endpoints).
 */
export async function mayWriteOwnershipRule(principal: Principal, rule: { host: string; pathPrefix: string }): Promise<boolean> {
  if (canActForTeam(principal, null)) return true;
  if (principal.kind !== 'user' || rule.host === '*') return false;
  // As the rule will be stored (overrideHost): until 6 Dec `PAY.TEST.` was named by no API, and stored as `pay.test`.
  const host = overrideHost(rule.host);
  if (!allOf(principal, [...(await declaringTeams((h) => sameHost(h.host, host))), ...(await servingTeams(host))])) return false;
  const current = ownerTeamFor(await listOwnershipRules(), host, rule.pathPrefix);
  return current === null || principal.teamIds.includes(current);
}

/**
 * The first server of a spec an owner may not register for API `apiSlug`: a relative server (it serves any host, so
 * it would document every team's endpoints), or a host another team answers for that this API does not already
 * declare. Hosts compare without their port, since a server without one matches the host on every port.
 * Undefined when every server is the owner's to name.
 */
export async function foreignServer(principal: Principal, apiSlug: string, servers: { host?: string }[]): Promise<string | undefined> {
  if (canActForTeam(principal, null)) return undefined;
  if (servers.some((s) => !s.host)) return 'a relative server URL (any host)';
  for (const server of servers) {
    const name = hostOf(`https://${server.host}`)?.hostname;
    if (!name) return server.host;
    const declaring = await declaringTeams((h, slug) => h.hostname === name && slug !== apiSlug, (h, slug) => h.hostname === name && slug === apiSlug);
    if (declaring === 'own') continue;
    const serving = await servingTeams(name, { anyPort: true, except: apiSlug });
    const teams = declaring.length > 0 || serving.length > 0 ? [...declaring, ...serving] : await ruleTeams(name);
    if (principal.kind !== 'user' || !allOf(principal, teams)) return server.host;
  }
  return undefined;
}

/** The host a stored override acts on, or null when there is no such override. */
export async function getOverrideHost(id: string): Promise<string | null> {
  return (await db().pathOverride.findUnique({ where: { id }, select: { host: true } }))?.host ?? null;
}

type HostTest = (host: URL, apiSlug: string) => boolean;

/** Owner teams of the APIs declaring a host that passes `counts`; 'own' when an API passing `own` declares it. */
async function declaringTeams(counts: HostTest): Promise<Teams>;
async function declaringTeams(counts: HostTest, own: HostTest): Promise<Teams | 'own'>;
async function declaringTeams(counts: HostTest, own?: HostTest): Promise<Teams | 'own'> {
  const apis = await db().api.findMany({ select: { slug: true, hosts: true, ownerTeamId: true } });
  const servers = (hosts: unknown) => (Array.isArray(hosts) ? hosts : []).flatMap((h) => (typeof h === 'string' ? [hostOf(h)].filter((u) => u !== undefined) : []));
  if (own && apis.some((a) => servers(a.hosts).some((h) => own(h, a.slug)))) return 'own';
  return apis.filter((a) => servers(a.hosts).some((h) => counts(h, a.slug))).map((a) => a.ownerTeamId);
}

/**
 * Owner teams of the APIs with a relative server URL (`/api/v1`: any host serves it) that have endpoints stored on
 * this host (`anyPort`: or on it with any port, as a server without a port names it), but API `except`: the host serves them though no
 * server names it. Until 6 Dec such an API answered for no host, so another team's owner could claim the host its
 * traffic reached and hide its documented endpoints with overrides, or name it in a spec whose server then took them.
 */
async function servingTeams(host: string, { anyPort = false, except }: { anyPort?: boolean; except?: string } = {}): Promise<Teams> {
  const apis = await db().api.findMany({ where: except ? { slug: { not: except } } : {}, select: { id: true, hosts: true, ownerTeamId: true } });
  const relative = apis.filter((a) => Array.isArray(a.hosts) && a.hosts.some((h) => typeof h === 'string' && hostOf(h) === undefined));
  if (relative.length === 0) return [];
  const hosts = anyPort ? { OR: [{ host }, { host: { startsWith: `${host}:` } }] } : { host };
  const serving = await db().endpoint.findMany({ where: { ...hosts, apiId: { in: relative.map((a) => a.id) } }, select: { apiId: true }, distinct: ['apiId'] });
  const ids = new Set(serving.map((e) => e.apiId));
  return relative.filter((a) => ids.has(a.id)).map((a) => a.ownerTeamId);
}

async function ruleTeams(host: string): Promise<Teams> {
  return (await db().ownershipRule.findMany({ where: { host }, select: { teamId: true } })).map((r) => r.teamId);
}

function allOf(principal: Extract<Principal, { kind: 'user' }>, teams: Teams): boolean {
  return teams.every((t) => t !== null && principal.teamIds.includes(t));
}

/** Api.hosts holds server URLs (`https://api.test/v1`) or, for relative servers, a bare base path. */
function hostOf(server: string): URL | undefined {
  try {
    const url = new URL(server);
    return url.host ? url : undefined;
  } catch {
    return undefined;
  }
}
