import 'server-only';
import { inventoryStats } from '../db/inventory-stats';
import type { InventoryStats } from '../inventory/inventory-stats';
import { env } from '../env';
import { staleWhileRevalidate } from './stale-while-revalidate';

type ChartCache = ReturnType<typeof staleWhileRevalidate<InventoryStats>>;
// On globalThis, as the database client: route handlers are bundled apart and must share one cache per process.
const shared = globalThis as unknown as { lanternChartData?: ChartCache };

/** The inventory charts' data, served stale-while-revalidate (fresh LANTERN_STATS_FRESH_SECONDS; stale up to 10 min). */
export function inventoryChartData(): ChartCache {
  return (shared.lanternChartData ??= staleWhileRevalidate(() => inventoryStats(), { freshMs: env().LANTERN_STATS_FRESH_SECONDS * 1000, maxStaleMs: 10 * 60_000 }));
}

/**
 * After a write that reclassifies stored endpoints (a spec registered, a deprecation decided, an override added or
 * removed): the next chart request recomputes, so the page that made the change shows it at once instead of up to
 * LANTERN_STATS_FRESH_SECONDS later. Only this replica's cache: another replica's charts catch up as before. Ingest
 * does not call this; its steady flow is what the cache is for.
 */
export function forgetInventoryChartData(): void {
  shared.lanternChartData?.invalidate();
}
