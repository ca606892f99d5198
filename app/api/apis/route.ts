// GET /api/apis — registered APIs with owner team, lifecycle and current spec version.
import { listApis } from '@/lib/db/apis';
import { withAuth } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const GET = withAuth('inventory:read', async () => Response.json({ items: await listApis() }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET });
