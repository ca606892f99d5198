import { env } from '../env';
import { databaseKind } from './database-url';
import type { Tx } from './spec-catalog';

// Ingest's advisory lock: reclassifying, folding and registering rewrite the counters ingest increments.
import { INGEST_LOCK } from './ingest';

/**
 * First statement of every transaction that rewrites endpoints. PostgreSQL: the advisory lock ingest takes, so
 * read-modify-write of JSON counters never interleaves. SQLite: a write that matches no row, so the transaction holds
 * the write lock from the start; a transaction that reads first and upgrades later can fail with SQLITE_BUSY when
 * another process (a CLI next to the server) wrote in between, and the busy timeout does not cover that case.
 */
export async function lockForInventoryWrite(tx: Tx): Promise<void> {
  if (databaseKind(env().DATABASE_URL) === 'postgres') await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${INGEST_LOCK})`);
  else await tx.$executeRawUnsafe('UPDATE "OwnershipRule" SET "id" = "id" WHERE 1 = 0');
}
