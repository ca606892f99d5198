// GET /api/apis/:api/check?failOn=shadow,zombie,unauthenticated — the CI gate over the stored inventory.
import { checkApi, parseFailOn } from '@/lib/db/check';
import { badRequest, notFound } from '@/lib/http/errors';
import { withAuth } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const GET = withAuth<{ api: string }>('inventory:read', async ({ req, params }) => {
  const failOn = parseFailOn(new URL(req.url).searchParams.get('failOn') ?? undefined);
  if ('error' in failOn) throw badRequest(failOn.error);
  const result = await checkApi(params.api, failOn);
  if (!result) throw notFound(`API '${params.api}'`);
  return Response.json({ ...result, ok: result.offenders.length === 0 });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET });
