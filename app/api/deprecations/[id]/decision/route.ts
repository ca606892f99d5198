// POST /api/deprecations/:id/decision — governance approves or rejects, with a note.
import { forgetInventoryChartData } from '@/lib/cache/inventory-chart-data';
import { decideDeprecation, decisionInputSchema } from '@/lib/db/deprecations';
import { outcomeError } from '@/lib/http/outcome';
import { parseJsonBody } from '@/lib/http/parse';
import { withAuth } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const POST = withAuth<{ id: string }>('deprecation:review', async ({ req, principal, params }) => {
  const input = await parseJsonBody(req, decisionInputSchema);
  const result = await decideDeprecation(params.id, input, principal);
  if (result.status !== 'ok') throw outcomeError(result);
  forgetInventoryChartData();
  return Response.json(result.value);
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ POST });
