/**
 * SQLite refused a write because another process (`lantern serve`, another `ingest`) held the database's write lock
 * past the busy timeout (15 s, lib/db/client.ts). Prisma reports it as P1008 "Operation has timed out", which says
 * nothing of the other writer; the driver's own code does.
 */
export function isDatabaseBusy(err: unknown): boolean {
  const cause = (err as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null)?.meta?.driverAdapterError?.cause;
  return cause?.originalCode === 'SQLITE_BUSY';
}

export const DATABASE_BUSY_MESSAGE = 'database: locked by another process writing to it (lantern serve, another ingest) for longer than SQLite waits';
