// GET /api/apis — registered APIs with owner team, lifecycle and current spec version.
import { listApis } from '@/lib/db/apis';
import { withAuth } from '@/lib/http/with-auth';

export const GET = withAuth('inventory:read', async () => Response.json({ items: await listApis() }));
