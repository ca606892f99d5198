// DELETE /api/overrides/:id — remove an override; ignored endpoints reappear, merges and splits are not undone.
import { forgetInventoryChartData } from '@/lib/cache/inventory-chart-data';
import { getOverrideHost, mayWriteOverrideFor } from '@/lib/db/host-scope';
import { deleteOverride } from '@/lib/db/overrides';
import { forbidden, notFound } from '@/lib/http/errors';
import { withAuth } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const DELETE = withAuth<{ id: string }>('override:write', async ({ principal, params }) => {
  const host = await getOverrideHost(params.id);
  if (host === null) throw notFound('override');
  if (!(await mayWriteOverrideFor(principal, host))) throw forbidden(`owners may only remove overrides on their own team's hosts (not ${host})`);
  const result = await deleteOverride(params.id, principal);
  if (!result) throw notFound('override');
  forgetInventoryChartData();
  return Response.json({ reclassified: result.changed });
});

export const { GET, POST, PUT, PATCH, OPTIONS } = refuseOtherMethods({ DELETE });
