// DELETE /api/tokens/:id — revoke a token; effective on the next request that presents it.
import { recordAuditEvent } from '@/lib/db/audit';
import { revokeApiToken } from '@/lib/db/tokens';
import { withAuth } from '@/lib/http/with-auth';

export const DELETE = withAuth<{ id: string }>('token:manage', async ({ principal, params }) => {
  const row = await revokeApiToken(params.id);
  await recordAuditEvent({ actor: principal, action: 'token.revoke', targetType: 'token', targetId: row.id, summary: `revoked token ${row.name}` });
  return new Response(null, { status: 204 });
});
