// GET /api/stats — chart data for the inventory: requests by day and state, new shadows per week, posture.
import { inventoryStats } from '@/lib/db/inventory-stats';
import { withAuth } from '@/lib/http/with-auth';

export const GET = withAuth('inventory:read', async () => Response.json(await inventoryStats()));
