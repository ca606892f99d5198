import 'server-only';
import { cookies } from 'next/headers';
import { decode } from 'next-auth/jwt';
import { getUserPrincipal } from '../db/users';
import type { Principal } from './roles';
import { authSecret } from './secret';
import { SESSION_COOKIES, sessionSignedInAt } from './session-cookie';

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

/** The signed-in person for server components; null when signed out, expired, revoked or disabled. */
export async function currentUser(): Promise<UserPrincipal | null> {
  const store = await cookies();
  const raw = SESSION_COOKIES.map((name) => store.get(name)?.value).find(Boolean);
  if (!raw) return null;
  const jwt = await decode({ token: raw, secret: authSecret() }).catch(() => null);
  if (!jwt?.sub) return null;
  const principal = await getUserPrincipal(jwt.sub, sessionSignedInAt(jwt));
  return principal?.kind === 'user' ? principal : null;
}
