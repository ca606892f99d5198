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
  return p.kind === 'user' ? `user:${p.email}` : `token:${p.name}`;
}
