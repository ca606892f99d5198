import { ingestBatch } from '../../lib/db/ingest-pipeline';
import type { IngestBatch } from '../../lib/inventory/observation';
import type { SendOutcome } from './send-batch';

/** `ingest` without --server: into the database DATABASE_URL names; a database error is retried like a 5xx. */
export async function storeLocally(batch: IngestBatch): Promise<SendOutcome> {
  try {
    const r = await ingestBatch(batch, { deliver: 'await' });
    return { ok: true, status: r.status === 'applied' ? 'applied' : 'duplicate' };
  } catch (err) {
    return { ok: false, retryable: true, message: `database: ${(err as Error).message}` };
  }
}
