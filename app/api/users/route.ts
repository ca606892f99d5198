// GET /api/users — every user with the id the other /api/users routes take, role, teams and standing (never a hash).
import { listUsers } from '@/lib/db/user-admin';
import { withAuth } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const GET = withAuth('user:manage', async () => Response.json({ items: await listUsers() }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET });
