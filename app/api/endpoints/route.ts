// GET /api/endpoints — the inventory: filtered, sorted, paginated, with headline counts by state.
import { listEndpoints } from '@/lib/db/endpoints';
import { parseSearchParams } from '@/lib/http/parse';
import { withAuth } from '@/lib/http/with-auth';
import { endpointQuerySchema } from '@/lib/inventory/endpoint-query';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const GET = withAuth('inventory:read', async ({ req }) => {
  const query = parseSearchParams(req, endpointQuerySchema);
  return Response.json(await listEndpoints(query));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET });
