import { db } from './client';

/** The row `lantern serve`'s start-up passes record their rules version in (lib/db/stored-data-rules.ts). */
export const STORED_DATA_PASSES = 'serve-start-up';

// Per client: a test process points the one client at database after database.
const reached = new WeakMap<object, number>();

/**
 * Whether the database's stored rows are under the rules of release `target` (STORED_DATA_RULES): the start-up
 * passes recorded that version or a later one. No row at all is a database serve never started on (a test's, or one
 * `lantern ingest` alone writes); serve writes the row behind before it starts the app (markStoredDataBehind), so a
 * database it upgrades is never taken for current. The version is only ever raised, so once reached it is not read
 * again by this client: a request costs one read of one row only while the passes run.
 */
export async function storedDataCurrent(target: number): Promise<boolean> {
  const client = db();
  if ((reached.get(client) ?? -1) >= target) return true;
  const row = await client.storedDataRules.findUnique({ where: { name: STORED_DATA_PASSES }, select: { version: true } });
  if (!row) return true;
  if (row.version < target) return false;
  reached.set(client, row.version);
  return true;
}

/**
 * Before serve starts the app: a database with no row yet (made before the row existed, or a first start) gets one
 * at version 0, so the app refuses data requests until the passes record theirs.
 */
export async function markStoredDataBehind(): Promise<void> {
  try {
    await db().storedDataRules.create({ data: { name: STORED_DATA_PASSES, version: 0 } });
  } catch (err) {
    // Already there (the usual case), or another replica wrote it first.
    if ((err as { code?: string }).code !== 'P2002') throw err;
  }
}
