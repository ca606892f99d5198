// POST /api/alerts/:id/retry — an admin gives an undeliverable alert new attempts; the next delivery run sends it.
import { retryUndeliverableAlert } from '@/lib/db/alert-retry';
import { outcomeError } from '@/lib/http/outcome';
import { withAuth } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const POST = withAuth<{ id: string }>('alert:retry', async ({ principal, params }) => {
  const result = await retryUndeliverableAlert(params.id, principal);
  if (result.status !== 'ok') throw outcomeError(result);
  return Response.json(result.value);
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ POST });
