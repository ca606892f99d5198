// POST /api/users/:id/sessions/revoke — an admin ends every session of a user (lost laptop, departure), at once.
import { recordAuditEvent } from '@/lib/db/audit';
import { revokeUserSessions } from '@/lib/db/users';
import { withAuth } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const POST = withAuth<{ id: string }>('user:manage', async ({ principal, params }) => {
  const user = await revokeUserSessions(params.id);
  await recordAuditEvent({ actor: principal, action: 'user.sessions.revoke', targetType: 'user', targetId: user.id, summary: `revoked every session of ${user.email}` });
  return new Response(null, { status: 204 });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ POST });
