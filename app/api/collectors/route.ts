// GET /api/collectors — collectors with last seen and counters.
import { listCollectors } from '@/lib/db/collectors';
import { withAuth } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const GET = withAuth('inventory:read', async () => Response.json({ items: await listCollectors() }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET });
