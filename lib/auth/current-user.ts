import 'server-only';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { decode } from 'next-auth/jwt';
import { sessionPrincipal } from './principal';
import type { Principal } from './roles';
import { storedDataUpgraded } from '../http/stored-data-gate';
import { RETURN_PATH_HEADER, signInUrl, upgradingUrl } from './return-path';
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

/**
 * The signed-in person, or a redirect to sign-in (and back to the page asked for). Every dashboard page that reads
 * data asks this itself, not only the dashboard layout: a client-side navigation renders the new page without the
 * layout both pages share, and anyone can send the two headers that ask for such a render (`RSC`,
 * `Next-Router-State-Tree`), so the layout's check alone let a signed-out caller read the inventory, the APIs and
 * the collectors (test/security/page-partial-render.e2e.test.ts). While `lantern serve`'s start-up passes run, a page
 * would show rows half upgraded: the person is sent to a notice that returns to the page when they are done.
 */
export async function requireUser(): Promise<UserPrincipal> {
  const user = await currentUser();
  const asked = (await headers()).get(RETURN_PATH_HEADER) ?? '';
  if (!user) redirect(signInUrl(asked));
  if (!(await storedDataUpgraded())) redirect(upgradingUrl(asked));
  return user;
}
