// GET /api/deprecations — requests with their callers; POST /api/deprecations — an owner requests a deprecation.
import { deprecationInputSchema, listDeprecationRequests, requestDeprecation } from '@/lib/db/deprecations';
import { parseJsonBody } from '@/lib/http/parse';
import { withAuth } from '@/lib/http/with-auth';
import { outcomeError } from '@/lib/http/outcome';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const GET = withAuth('inventory:read', async () => Response.json({ items: await listDeprecationRequests() }));

export const POST = withAuth('deprecation:request', async ({ req, principal }) => {
  const input = await parseJsonBody(req, deprecationInputSchema);
  const result = await requestDeprecation(input, principal);
  if (result.status !== 'ok') throw outcomeError(result);
  return Response.json(result.value, { status: 201 });
});

export const { PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET, POST });
