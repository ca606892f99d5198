// GET /api/stats — chart data for the inventory: requests by day and state, new shadows per week, posture.
// Served stale-while-revalidate (fresh LANTERN_STATS_FRESH_SECONDS, default 30 s; stale answers up to 10 min while
// one refresh runs; recomputed at once after a spec, a deprecation decision or an override on this replica): see
// lib/cache.
import { inventoryChartData } from '@/lib/cache/inventory-chart-data';
import { withAuth } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

export const GET = withAuth('inventory:read', async () => Response.json(await inventoryChartData().get()));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET });
