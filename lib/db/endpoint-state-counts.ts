import type { EndpointState } from '../inventory/endpoint-query';
import { db } from './client';
import { databaseKind } from './database-url';
import { env } from '../env';

/**
 * Endpoints per state, kept by database triggers in "EndpointStateCount" (migration 20261123200000_endpoint_state_counts)
 * so the inventory's unfiltered headline counts cost one small read instead of a count over every endpoint (65 ms
 * on PostgreSQL at 100,000 endpoints). Filtered counts still count the matching rows.
 */
export async function readEndpointStateCounts(includeIgnored: boolean): Promise<Record<EndpointState, number>> {
  const { visible, ignored } = await readEndpointStateCountsByVisibility();
  return includeIgnored ? { documented: visible.documented + ignored.documented, shadow: visible.shadow + ignored.shadow, zombie: visible.zombie + ignored.zombie } : visible;
}

/** The same counters, the endpoints an ignore override hides apart from the others. */
export async function readEndpointStateCountsByVisibility(): Promise<{ visible: Record<EndpointState, number>; ignored: Record<EndpointState, number> }> {
  const rows = await db().$queryRawUnsafe<{ state: string; ignored: boolean | number; n: bigint | number | string }[]>(
    `SELECT "state", "ignored", SUM("delta") AS n FROM "EndpointStateCount" GROUP BY "state", "ignored"`,
  );
  const visible: Record<EndpointState, number> = { documented: 0, shadow: 0, zombie: 0 };
  const ignored: Record<EndpointState, number> = { documented: 0, shadow: 0, zombie: 0 };
  for (const r of rows) {
    const counts = Boolean(r.ignored) ? ignored : visible;
    if (r.state in counts) counts[r.state as EndpointState] += Number(r.n);
  }
  return { visible, ignored };
}

/**
 * PostgreSQL's counters are a log of deltas (writers only append, so they never wait on each other); folding it to
 * one row per state keeps reads small. Safe beside writers and other compactions: the DELETE takes only committed
 * rows, each at most once, and the sums of exactly those rows go back in the same statement.
 * SQLite updates its one row per state in place: nothing to do.
 */
export async function compactEndpointStateCounts(): Promise<void> {
  if (databaseKind(env().DATABASE_URL) !== 'postgres') return;
  await db().$executeRawUnsafe(
    `WITH gone AS (DELETE FROM "EndpointStateCount" RETURNING "state", "ignored", "delta")
     INSERT INTO "EndpointStateCount" ("state", "ignored", "delta")
       SELECT "state", "ignored", SUM("delta") FROM gone GROUP BY "state", "ignored" HAVING SUM("delta") <> 0`,
  );
}
