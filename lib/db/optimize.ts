import { db } from './client';
import { databaseKind } from './database-url';
import { compactEndpointStateCounts } from './endpoint-state-counts';
import { env } from '../env';

/**
 * Refreshes the query planner's statistics. Without them SQLite assumes `ignoredById IS NULL` is selective and picks
 * an index that forces a sort of the whole inventory (≈10x slower at 100k endpoints); PostgreSQL's autovacuum
 * analyses and vacuums on its own, but an explicit pass after bulk changes costs little. Also folds PostgreSQL's log of
 * per-state count deltas. `lantern serve` runs it at start and every 6 hours.
 */
export async function refreshPlannerStatistics(): Promise<void> {
  if (databaseKind(env().DATABASE_URL) === 'sqlite') await db().$executeRawUnsafe('ANALYZE');
  // VACUUM as well: it sets the visibility map, without which PostgreSQL cannot answer from the covering indexes
  // alone (index-only scans: the search scan, the chart query) and reads the wide rows after all.
  else await db().$executeRawUnsafe('VACUUM (ANALYZE) "Endpoint", "EndpointDailyStat"');
  await compactEndpointStateCounts();
}
