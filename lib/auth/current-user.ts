import 'server-only';
import { cookies } from 'next/headers';
import { decode } from 'next-auth/jwt';
import { sessionPrincipal } from './principal';
import type { Principal } from './roles';
import { authSecret } from './secret';
import { SESSION_COOKIES } from './session-cookie';

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

/** The signed-in person for server components; null when signed out, expired, revoked or disabled. */
export async function currentUser(): Promise<UserPrincipal | null> {
  const store = await cookies();
  const raw = SESSION_COOKIES.map((name) => store.get(name)?.value).find(Boolean);
  if (!raw) return null;
  const jwt = await decode({ token: raw, secret: authSecret() }).catch(() => null);
  const principal = await sessionPrincipal(jwt);
  return principal?.kind === 'user' ? principal : null;
}
