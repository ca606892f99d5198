import { z } from 'zod';

export const roleSchema = z.enum(['viewer', 'owner', 'governance', 'admin']);
export type Role = z.infer<typeof roleSchema>;

export const tokenScopeSchema = z.enum(['ingest', 'specs:write', 'read']);
export type TokenScope = z.infer<typeof tokenScopeSchema>;

/** Who is calling: a signed-in person or an API token (collectors, CI). */
export type Principal =
  | { kind: 'user'; id: string; email: string; name: string | null; role: Role; teamIds: string[] }
  | { kind: 'token'; id: string; name: string; scopes: TokenScope[] };

export function principalLabel(p: Principal): string {
  return auditActorLabel(p);
}

/**
 * Who an audit event names: a user (a sign-in knows only who it is) or a token; `cli`, someone running `lantern` on the
 * server's database, who has no account (whoever can write DATABASE_URL); an identity provider (`oidc:<issuer>`), which
 * creates users and sets their role and team at each single sign-on; `system`, Lantern itself (start-up passes,
 * ingest, the sunset check, the demo seed). Until 6 Dec sign-ins and the CLI's changes were all `system`, and until
 * 7 Dec the identity provider's were.
 */
export type AuditActor = { kind: 'user'; email: string } | { kind: 'token'; name: string } | { kind: 'idp'; issuer: string } | 'cli' | 'system';

export function auditActorLabel(a: AuditActor): string {
  if (typeof a === 'string') return a;
  return a.kind === 'user' ? `user:${a.email}` : a.kind === 'token' ? `token:${a.name}` : `oidc:${a.issuer}`;
}

/** A stored actor as the Audit page says it; the API keeps the stored value, which log pipelines read. */
export function auditActorText(stored: string): string {
  return stored === 'cli' ? 'CLI (local)' : stored;
}
