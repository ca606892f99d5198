import type { JWT } from 'next-auth/jwt';
import { findActiveToken, touchToken } from '../db/tokens';
import { getUserPrincipal } from '../db/users';
import { env } from '../env';
import { hashApiToken, looksLikeApiToken } from './api-token';
import type { Principal } from './roles';
import { authSecret } from './secret';
import { decodeSessionCookie, liveSessionSignedInAt } from './session-cookie';

/**
 * Resolves the caller of a request. Tokens and users are read from the database on every request, so a revoked
 * token, a disabled user, a changed role or revoked sessions take effect immediately, not when a cookie expires.
 */
export async function resolvePrincipal(req: Request): Promise<Principal | null> {
  const authorization = req.headers.get('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match || !looksLikeApiToken(match[1])) return null;
    const token = await findActiveToken(hashApiToken(match[1]));
    if (!token) return null;
    await touchToken(token.id);
    return { kind: 'token', id: token.id, name: token.name, scopes: token.scopes };
  }
  return sessionPrincipal(await decodeSessionCookie(req, authSecret()));
}

/**
 * The user behind a decoded session cookie: none once LANTERN_SESSION_MAX_AGE has passed since its sign-in, however
 * often the cookie was re-issued, nor for a cookie that does not say when it signed in.
 */
export async function sessionPrincipal(session: JWT | null, now = Date.now()): Promise<Principal | null> {
  const signedInAt = session ? liveSessionSignedInAt(session, env().LANTERN_SESSION_MAX_AGE, now) : undefined;
  if (!session?.sub || signedInAt === undefined) return null;
  return getUserPrincipal(session.sub, signedInAt);
}
