// GET /api/alerts/backlog — alerts waiting for delivery, and those that used every attempt and are no longer retried.
// Behind auth rather than in /api/health, which load balancers call and which stays public and free of data.
import { countAlertBacklog } from '@/lib/db/alerts';
import { withAuth } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const dynamic = 'force-dynamic';

export const GET = withAuth('inventory:read', async () => Response.json(await countAlertBacklog()));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET });
