import { resolvePrincipal } from '../auth/principal';
import { isAllowed, type Permission } from '../auth/permissions';
import type { Principal } from '../auth/roles';
import { forbidden, unauthorized } from './errors';
import { respondToError } from './respond';

type RouteContext<P> = { params: Promise<P> };
type Handler<P> = (args: { req: Request; principal: Principal; params: P }) => Promise<Response>;

/**
 * The one wrapper every route handler goes through: who is calling (session cookie or API token) → 401,
 * may they (the permission table) → 403, then the handler, with every error mapped to the one error shape.
 */
export function withAuth<P = Record<string, never>>(permission: Permission, handler: Handler<P>) {
  return async (req: Request, ctx?: RouteContext<P>): Promise<Response> => {
    try {
      const principal = await resolvePrincipal(req);
      if (!principal) throw unauthorized();
      if (!isAllowed(principal, permission)) throw forbidden();
      const params = ((await ctx?.params) ?? {}) as P;
      return await handler({ req, principal, params });
    } catch (err) {
      return respondToError(err);
    }
  };
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
