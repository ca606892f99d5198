// DELETE /api/tokens/:id — revoke a token; effective on the next request that presents it. Idempotent: revoking
// a revoked token is a 204 that changes nothing and is not audited again.
import { recordAuditEvent } from '@/lib/db/audit';
import { revokeApiToken } from '@/lib/db/tokens';
import { withAuth } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const DELETE = withAuth<{ id: string }>('token:manage', async ({ principal, params }) => {
  const { row, revokedNow } = await revokeApiToken(params.id);
  if (revokedNow) await recordAuditEvent({ actor: principal, action: 'token.revoke', targetType: 'token', targetId: row.id, summary: `revoked token ${row.name}` });
  return new Response(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH, OPTIONS } = refuseOtherMethods({ DELETE });
