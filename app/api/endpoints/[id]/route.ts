// PATCH /api/endpoints/:id — triage an endpoint (acknowledged | ignored | adopted, with a note); team owners only.
import { setTriage, triageInputSchema } from '@/lib/db/triage';
import { forbidden, notFound } from '@/lib/http/errors';
import { parseJsonBody } from '@/lib/http/parse';
import { withAuth } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const PATCH = withAuth<{ id: string }>('endpoint:triage', async ({ req, principal, params }) => {
  const input = await parseJsonBody(req, triageInputSchema);
  const result = await setTriage(params.id, input, principal);
  if (result.status === 'not-found') throw notFound('endpoint');
  if (result.status === 'forbidden') throw forbidden("only the endpoint's owner team, governance or an admin may triage it");
  return Response.json(result.endpoint);
});

export const { GET, POST, PUT, DELETE, OPTIONS } = refuseOtherMethods({ PATCH });
