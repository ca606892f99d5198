// GET /api/apis/:api/check?failOn=shadow,zombie,unauthenticated&includeNotFound=true&includePreflights=true — the CI gate over the stored inventory.
import { checkApi, parseFailOn } from '@/lib/db/check';
import { badRequest, notFound } from '@/lib/http/errors';
import { withAuth } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const GET = withAuth<{ api: string }>('inventory:read', async ({ req, params }) => {
  const query = new URL(req.url).searchParams;
  const failOn = parseFailOn(query.get('failOn') ?? undefined);
  if ('error' in failOn) throw badRequest(failOn.error);
  const include = (name: string) => {
    const value = query.get(name);
    if (value !== null && value !== 'true' && value !== 'false') throw badRequest(`${name} must be true or false`);
    return value === 'true';
  };
  const result = await checkApi(params.api, failOn, { includeNotFound: include('includeNotFound'), includePreflights: include('includePreflights') });
  if (!result) throw notFound(`API '${params.api}'`);
  return Response.json({ ...result, ok: result.offenders.length === 0 });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET });
