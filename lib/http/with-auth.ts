import { resolvePrincipal } from '../auth/principal';
import { isAllowed, refusalMessage, type Permission } from '../auth/permissions';
import type { Principal } from '../auth/roles';
import { env } from '../env';
import { enforceRateLimit } from '../security/request-limits';
import { checkSameOrigin, isStateChanging } from '../security/same-origin';
import { forbidden, HttpError, unauthorized } from './errors';
import { respondToError } from './respond';
import { refuseWhileUpgrading } from './stored-data-gate';

type RouteContext<P> = { params: Promise<P> };
type Handler<P> = (args: { req: Request; principal: Principal; params: P }) => Promise<Response>;

/**
 * The one wrapper every route handler goes through: who is calling (session cookie or API token) → 401,
 * may they (the permission table) → 403, did a cookie-authenticated change come from our own pages (CSRF) → 403,
 * are `lantern serve`'s start-up passes still upgrading stored rows (lib/http/stored-data-gate.ts) → 503, is the
 * caller over its rate (lib/security/request-limits.ts) → 429, then the handler, with every error mapped to the one
 * error shape.
 */
export function withAuth<P = Record<string, never>>(permission: Permission, handler: Handler<P>) {
  return async (req: Request, ctx?: RouteContext<P>): Promise<Response> => {
    try {
      const principal = await resolvePrincipal(req);
      // A token that was sent but is no (live) token is said to be one: "sign in or send an API token" to a collector
      // that sent one left a revoked or mistyped token to be guessed.
      if (!principal) throw unauthorized(req.headers.has('authorization') ? 'the API token is not valid: unknown, revoked, or not a Lantern token (lt_…)' : undefined);
      if (!isAllowed(principal, permission)) throw forbidden(refusalMessage(principal, permission));
      // Only the session cookie rides along on a cross-site request; a Bearer token never does.
      if (principal.kind === 'user' && isStateChanging(req.method)) {
        const verdict = checkSameOrigin(req, env().NEXTAUTH_URL);
        if (!verdict.ok) throw new HttpError(403, 'cross_site_request', `cross-site request refused (${verdict.reason})`);
      }
      // After who may ask (a 401 stays a 401), before the rate: a pusher retrying through an upgrade keeps its budget.
      await refuseWhileUpgrading();
      enforceRateLimit(permission, principal);
      const params = ((await ctx?.params) ?? {}) as P;
      // No id or slug is stored with U+0000, and PostgreSQL refuses it in a query parameter (a 500 for /api/apis/%00).
      if (holdsNul(params)) throw new HttpError(404, 'not_found', 'not found');
      return await handler({ req, principal, params });
    } catch (err) {
      return respondToError(err);
    }
  };
}

function holdsNul(params: unknown): boolean {
  if (typeof params !== 'object' || params === null) return false;
  // Catch-all segments (`[...path]`) arrive as arrays of strings.
  return Object.values(params).some((v) => (Array.isArray(v) ? v : [v]).some((s) => typeof s === 'string' && s.includes('\0')));
}

/** For the few deliberately public handlers (health); still gets the error mapping. */
export function publicRoute(handler: (req: Request) => Promise<Response>) {
  return async (req: Request): Promise<Response> => {
    try {
      return await handler(req);
    } catch (err) {
      return respondToError(err);
    }
  };
}
