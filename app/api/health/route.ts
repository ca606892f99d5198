// GET /api/health — liveness for load balancers; deliberately public and free of data. `upgrading` (still 200: the
// process is alive, and an orchestrator that restarted it would restart the passes) while `lantern serve`'s start-up
// passes bring stored rows under this release's rules and data routes answer 503 with Retry-After.
import { publicRoute } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';
import { storedDataUpgraded } from '@/lib/http/stored-data-gate';

export const dynamic = 'force-dynamic';

// A database that cannot be read is not the process's liveness (it was never asked before): said `ok` as until 7 Dec.
export const GET = publicRoute(async () => Response.json({ status: (await storedDataUpgraded().catch(() => true)) ? 'ok' : 'upgrading' }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET });
