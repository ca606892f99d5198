import { connectPostgres } from './postgres-connect';
import { databaseKind } from './database-url';

// Beside the migration runner's (7_226_863) and ingest's (7_226_864) advisory locks.
const STARTUP_LOCK = 7_226_865;

/**
 * Runs `lantern serve`'s first-start writes (the admin bootstrap, the demo seed) one replica at a time. Each checks
 * the database before it writes (no admin yet, no endpoint yet): replicas starting together on an empty PostgreSQL
 * database all found it empty, so one died on the admin's unique e-mail after printing a password never stored, and
 * the demo's traffic was counted once per replica. Under this lock the later replicas find what the first one wrote.
 * A session lock on a connection of its own, held across the work's many transactions; it is released when the
 * connection ends, so a replica that dies while holding it holds it no longer. SQLite runs the work as it is: replicas
 * need PostgreSQL (README, Scaling out).
 */
export async function withStartupLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  if (databaseKind(url) !== 'postgres') return work();
  const client = await connectPostgres(url);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK]);
    return await work();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK]).catch(() => undefined);
    await client.end();
  }
}
