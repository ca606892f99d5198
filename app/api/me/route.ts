// GET /api/me — who the caller is (user with role and teams, or token with scopes).
import { withAuth } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const GET = withAuth('session:read', async ({ principal }) => Response.json(principal));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET });
