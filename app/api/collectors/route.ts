// GET /api/collectors — collectors with last seen and counters.
import { listCollectors } from '@/lib/db/collectors';
import { withAuth } from '@/lib/http/with-auth';

export const GET = withAuth('inventory:read', async () => Response.json({ items: await listCollectors() }));
