import type { Principal, Role, TokenScope } from './roles';

/**
 * The one permission table. Every route handler names exactly one permission (see lib/http/with-auth.ts); the
 * route-by-role test (test/integration/rbac-routes.test.ts) checks the resulting statuses independently.
 * Team-scoped rules (an owner may only change their own team's APIs) are checked on top, where the target is known.
 */
export const PERMISSIONS = {
  'inventory:read': { roles: ['viewer', 'owner', 'governance', 'admin'], scopes: ['read'] },
  'endpoint:triage': { roles: ['owner', 'governance', 'admin'], scopes: [] },
  'override:write': { roles: ['owner', 'admin'], scopes: [] },
  'api:write': { roles: ['owner', 'admin'], scopes: ['specs:write'] },
  'spec:write': { roles: ['owner', 'admin'], scopes: ['specs:write'] },
  'deprecation:request': { roles: ['owner', 'admin'], scopes: [] },
  'deprecation:review': { roles: ['governance', 'admin'], scopes: [] },
  'ingest:write': { roles: ['admin'], scopes: ['ingest'] },
  // Re-sends an undeliverable alert to every webhook and the SIEM file: an admin's call, like the sinks themselves.
  'alert:retry': { roles: ['admin'], scopes: [] },
  'audit:read': { roles: ['governance', 'admin'], scopes: [] },
  'token:manage': { roles: ['admin'], scopes: [] },
  'user:manage': { roles: ['admin'], scopes: [] },
  'session:read': { roles: ['viewer', 'owner', 'governance', 'admin'], scopes: ['read', 'ingest', 'specs:write'] },
  'session:revoke': { roles: ['viewer', 'owner', 'governance', 'admin'], scopes: [] },
} as const satisfies Record<string, { roles: readonly Role[]; scopes: readonly TokenScope[] }>;

export type Permission = keyof typeof PERMISSIONS;

export function isAllowed(principal: Principal, permission: Permission): boolean {
  const rule = PERMISSIONS[permission];
  return principal.kind === 'user'
    ? (rule.roles as readonly Role[]).includes(principal.role)
    : principal.scopes.some((s) => (rule.scopes as readonly TokenScope[]).includes(s));
}

/**
 * Why a caller `isAllowed` refused is refused, naming what would be allowed. A token has scopes, not a role: until
 * 6 Dec a collector or CI job holding a token of the wrong scope was told "your role does not allow this".
 */
export function refusalMessage(principal: Principal, permission: Permission): string {
  const rule = PERMISSIONS[permission];
  if (principal.kind === 'user') return `your role (${principal.role}) does not allow this; it needs ${oneOf(rule.roles)}`;
  const held = principal.scopes.length > 0 ? principal.scopes.join(', ') : 'none';
  return rule.scopes.length > 0
    ? `this API token's scopes (${held}) do not allow this; it needs a token with scope ${oneOf(rule.scopes)}`
    : `API tokens cannot do this (their scopes: ${held}); sign in as ${oneOf(rule.roles)}`;
}

function oneOf(names: readonly string[]): string {
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** Owners act on their own teams only; governance and admins on every team. Tokens carry no team. */
export function canActForTeam(principal: Principal, teamId: string | null | undefined): boolean {
  if (principal.kind === 'token') return true;
  if (principal.role === 'admin' || principal.role === 'governance') return true;
  return principal.role === 'owner' && teamId != null && principal.teamIds.includes(teamId);
}
