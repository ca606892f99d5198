// DELETE /api/overrides/:id — remove an override; ignored endpoints reappear, merges and splits are not undone.
import { deleteOverride } from '@/lib/db/overrides';
import { notFound } from '@/lib/http/errors';
import { withAuth } from '@/lib/http/with-auth';

export const DELETE = withAuth<{ id: string }>('override:write', async ({ principal, params }) => {
  const result = await deleteOverride(params.id, principal);
  if (!result) throw notFound('override');
  return Response.json({ reclassified: result.changed });
});
