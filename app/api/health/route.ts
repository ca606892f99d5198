// GET /api/health — liveness for load balancers; deliberately public and free of data.
import { publicRoute } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const dynamic = 'force-dynamic';

export const GET = publicRoute(async () => Response.json({ status: 'ok' }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET });
