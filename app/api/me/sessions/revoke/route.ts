// POST /api/me/sessions/revoke — "sign out everywhere": every session of the caller, on every device, ends now.
import { recordAuditEvent } from '@/lib/db/audit';
import { revokeUserSessions } from '@/lib/db/users';
import { SESSION_COOKIES } from '@/lib/auth/session-cookie';
import { withAuth } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const POST = withAuth('session:revoke', async ({ principal }) => {
  if (principal.kind !== 'user') throw new Error('session:revoke is granted to people only');
  const user = await revokeUserSessions(principal.id);
  await recordAuditEvent({ actor: principal, action: 'user.sessions.revoke', targetType: 'user', targetId: user.id, summary: `${user.email} signed out everywhere` });
  const res = new Response(null, { status: 204 });
  // The cookie is already worthless; clearing it spares the browser a round of 401s.
  for (const name of SESSION_COOKIES) {
    res.headers.append('set-cookie', `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${name.startsWith('__Secure-') ? '; Secure' : ''}`);
  }
  return res;
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ POST });
