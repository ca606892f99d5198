import { DATABASE_BUSY_MESSAGE, isDatabaseBusy } from '../../lib/db/database-busy';
import { ingestBatch } from '../../lib/db/ingest-pipeline';
import type { IngestBatch } from '../../lib/inventory/observation';
import type { SendOutcome } from './send-batch';

/**
 * `ingest` without --server: into the database DATABASE_URL names; a database error is retried like a 5xx.
 * `onlyBusy` (a run that is not --follow): only a database another process is writing to is waited for; any other
 * error ends the run, as it always did.
 */
export async function storeLocally(batch: IngestBatch, { onlyBusy = false } = {}): Promise<SendOutcome> {
  try {
    const r = await ingestBatch(batch, { deliver: 'await' });
    return { ok: true, status: r.status === 'applied' ? 'applied' : 'duplicate' };
  } catch (err) {
    const busy = isDatabaseBusy(err);
    if (onlyBusy && !busy) throw err;
    return { ok: false, retryable: true, message: busy ? DATABASE_BUSY_MESSAGE : `database: ${(err as Error).message}` };
  }
}
