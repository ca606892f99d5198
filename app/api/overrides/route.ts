// GET /api/overrides — stored path overrides; POST — add one and apply it to stored endpoints (merge | split | ignore).
import { forgetInventoryChartData } from '@/lib/cache/inventory-chart-data';
import { mayWriteOverrideFor } from '@/lib/db/host-scope';
import { ConflictingOverrideError, createOverride, InvalidOverrideError, listOverrides, overrideInputSchema } from '@/lib/db/overrides';
import { forbidden, HttpError } from '@/lib/http/errors';
import { parseJsonBody } from '@/lib/http/parse';
import { withAuth } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const GET = withAuth('inventory:read', async () => {
  const rows = await listOverrides();
  return Response.json({
    items: rows.map(({ author, _count, createdAt, authorId: _a, ...o }) => ({ ...o, createdAt: createdAt.toISOString(), author: author?.email ?? null, hiddenEndpoints: _count.ignored })),
  });
});

export const POST = withAuth('override:write', async ({ req, principal }) => {
  const input = await parseJsonBody(req, overrideInputSchema);
  if (!(await mayWriteOverrideFor(principal, input.host))) throw forbidden(`owners may only add overrides on their own team's hosts (not ${input.host})`);
  try {
    const { override, changed, removed } = await createOverride(input, principal);
    forgetInventoryChartData();
    return Response.json({ override, reclassified: changed, removed }, { status: 201 });
  } catch (err) {
    if (err instanceof InvalidOverrideError) throw new HttpError(422, 'invalid_override', err.message);
    if (err instanceof ConflictingOverrideError) throw new HttpError(409, 'conflict', err.message, { existing: err.existingId });
    throw err;
  }
});

export const { PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET, POST });
