import { findActiveToken, touchToken } from '../db/tokens';
import { getUserPrincipal } from '../db/users';
import { hashApiToken, looksLikeApiToken } from './api-token';
import type { Principal } from './roles';
import { authSecret } from './secret';
import { decodeSessionCookie, sessionSignedInAt } from './session-cookie';

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
  const session = await decodeSessionCookie(req, authSecret());
  if (!session?.sub) return null;
  return getUserPrincipal(session.sub, sessionSignedInAt(session));
}
