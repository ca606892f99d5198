// GET /api/stats — chart data for the inventory: requests by day and state, new shadows per week, posture.
// Served stale-while-revalidate (fresh 30 s, stale answers up to 10 min while one refresh runs): see lib/cache.
import { staleWhileRevalidate } from '@/lib/cache/stale-while-revalidate';
import { inventoryStats } from '@/lib/db/inventory-stats';
import { withAuth } from '@/lib/http/with-auth';

const stats = staleWhileRevalidate(() => inventoryStats(), { freshMs: 30_000, maxStaleMs: 10 * 60_000 });

export const GET = withAuth('inventory:read', async () => Response.json(await stats.get()));
