// POST /api/users/:id/enable — an admin lets a disabled user sign in again; sessions from before stay ended.
import { recordAuditEvent } from '@/lib/db/audit';
import { enableUser } from '@/lib/db/user-admin';
import { notFound } from '@/lib/http/errors';
import { withAuth } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const POST = withAuth<{ id: string }>('user:manage', async ({ principal, params }) => {
  const result = await enableUser(params.id);
  if (!result) throw notFound('user');
  if (result.changed) await recordAuditEvent({ actor: principal, action: 'user.enable', targetType: 'user', targetId: result.user.id, summary: `enabled ${result.user.email}` });
  return new Response(null, { status: 204 });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ POST });
