// GET /api/stats — chart data for the inventory: requests by day and state, new shadows per week, posture.
// Served stale-while-revalidate (fresh LANTERN_STATS_FRESH_SECONDS, default 30 s; stale answers up to 10 min while
// one refresh runs): see lib/cache.
import { staleWhileRevalidate } from '@/lib/cache/stale-while-revalidate';
import { inventoryStats } from '@/lib/db/inventory-stats';
import type { InventoryStats } from '@/lib/inventory/inventory-stats';
import { env } from '@/lib/env';
import { withAuth } from '@/lib/http/with-auth';
import { refuseOtherMethods } from '@/lib/http/other-methods';

let stats: ReturnType<typeof staleWhileRevalidate<InventoryStats>> | undefined;
const chartData = () => (stats ??= staleWhileRevalidate(() => inventoryStats(), { freshMs: env().LANTERN_STATS_FRESH_SECONDS * 1000, maxStaleMs: 10 * 60_000 }));

export const GET = withAuth('inventory:read', async () => Response.json(await chartData().get()));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = refuseOtherMethods({ GET });
