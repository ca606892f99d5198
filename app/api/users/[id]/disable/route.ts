// POST /api/users/:id/disable — an admin refuses a user's sign-in and ends their sessions at once (a departure).
// Idempotent: disabling a disabled user keeps the first time and is not audited again.
import { recordAuditEvent } from '@/lib/db/audit';
import { disableUser } from '@/lib/db/user-admin';
import { conflict, notFound } from '@/lib/http/errors';
import { withAuth } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const POST = withAuth<{ id: string }>('user:manage', async ({ principal, params }) => {
  // Their own account: the admin would be signed out at once, and might be the last who could undo it.
  if (principal.kind === 'user' && principal.id === params.id) throw conflict('you cannot disable your own account');
  const result = await disableUser(params.id);
  if (!result) throw notFound('user');
  if (result.changed) await recordAuditEvent({ actor: principal, action: 'user.disable', targetType: 'user', targetId: result.user.id, summary: `disabled ${result.user.email}` });
  return new Response(null, { status: 204 });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ POST });
