import { errorResponse } from './respond';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];
type Refusal = (req: Request) => Response;

const refusals = new WeakSet<Refusal>();

/**
 * Next.js answers a method that a route file does not export with a bare 405: no body, no Allow header. Each route
 * file exports these for the methods it does not implement (`export const { PUT, PATCH, DELETE, OPTIONS } =
 * refuseOtherMethods({ GET, POST })`), so the answer is the one error shape with an Allow header. OPTIONS is
 * answered here too: Next's automatic one would list these refusals as allowed methods.
 */
export function refuseOtherMethods(implemented: Partial<Record<Method, unknown>>): Record<Method | 'OPTIONS', Refusal> {
  const own = METHODS.filter((m) => implemented[m] !== undefined);
  // Next answers HEAD with the GET handler.
  const allow = [...own, ...(own.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].sort().join(', ');
  const refuse: Refusal = (req) => errorResponse(405, 'method_not_allowed', `${req.method} is not allowed here; allowed: ${allow}`, undefined, { allow });
  refusals.add(refuse);
  return {
    GET: refuse,
    POST: refuse,
    PUT: refuse,
    PATCH: refuse,
    DELETE: refuse,
    OPTIONS: () => new Response(null, { status: 204, headers: { allow } }),
  };
}

/** Whether a route export is one of the refusals above rather than a real handler (for the route-by-role tests). */
export function isRefusal(handler: unknown): boolean {
  return typeof handler === 'function' && refusals.has(handler as Refusal);
}
