// Any /api path no route file serves — a JSON 404 in the one error shape instead of Next's HTML page. Optional
// catch-all, so /api itself (no segment after it) is one of them too.
import { errorResponse } from '@/lib/http/respond';

function noSuchRoute(req: Request): Response {
  return errorResponse(404, 'not_found', `no API route answers ${req.method} at this path`);
}

export const GET = noSuchRoute;
export const HEAD = noSuchRoute;
export const POST = noSuchRoute;
export const PUT = noSuchRoute;
export const PATCH = noSuchRoute;
export const DELETE = noSuchRoute;
export const OPTIONS = noSuchRoute;
