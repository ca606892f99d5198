// GET /api/apis/:api — one API: owner, hosts, lifecycle, current spec, endpoint counts by state.
import { getApi } from '@/lib/db/apis';
import { notFound } from '@/lib/http/errors';
import { withAuth } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const GET = withAuth<{ api: string }>('inventory:read', async ({ params }) => {
  const api = await getApi(params.api);
  if (!api) throw notFound(`API '${params.api}'`);
  return Response.json(api);
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET });
