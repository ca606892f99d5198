import { db } from './client';
import type { Tx } from './spec-catalog';
import { lockForInventoryWrite } from './write-lock';

const PAGE = 500;

/**
 * The stored-data passes' walk over every endpoint (serve's start-up, lib/db/stored-data-rules.ts): pages in id order,
 * each in its own transaction under the inventory write lock, so an ingest in between is never overwritten with
 * older counts and no transaction holds the lock for the whole table. `read` fetches a page (`id > after`, `take`
 * rows, by id) with the columns its pass needs; `apply` rewrites what it must.
 */
export async function inEndpointPages<R extends { id: string }>(
  read: (tx: Tx, page: { where: { id: { gt: string } }; orderBy: { id: 'asc' }; take: number }) => Promise<R[]>,
  apply: (tx: Tx, rows: R[]) => Promise<void>,
  timeoutMs = 60_000,
): Promise<void> {
  let after = '';
  for (;;) {
    const rows = await db().$transaction(
      async (tx) => {
        await lockForInventoryWrite(tx);
        const page = await read(tx, { where: { id: { gt: after } }, orderBy: { id: 'asc' }, take: PAGE });
        await apply(tx, page);
        return page;
      },
      { timeout: timeoutMs, maxWait: 60_000 },
    );
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1].id;
  }
}
