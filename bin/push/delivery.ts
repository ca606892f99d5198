import type { IngestBatch } from '../../lib/inventory/observation';
import { drainSpool, sendWithRetry, type BatchSender } from './drain-spool';
import type { Spool } from './spool';
import { storeLocally } from './store-locally';

/**
 * How `ingest`/`push` hand batches on: through the spool to a server (drained until --retry-for runs out; what is
 * left stays spooled, `leftSpooled`), or into the local database batch by batch.
 */
export function createDelivery(opts: { spool: Spool | undefined; send: BatchSender; retryMs: number; log: (m: string) => void }) {
  const { spool, send, retryMs, log } = opts;
  const delivery = {
    /** Entries still spooled after the last drain: the run exits 3. */
    leftSpooled: 0,
    async deliver(batches: IngestBatch[], alreadySpooled = false, stop?: AbortSignal): Promise<{ applied: number; duplicate: number }> {
      if (spool) {
        if (!alreadySpooled) for (const b of batches) await spool.put(b);
        const drained = await drainSpool(spool, send, Date.now() + retryMs, log, stop);
        for (const r of drained.rejected) log(`rejected, set aside in ${spool.dir}/rejected: ${r}`);
        delivery.leftSpooled = drained.remaining;
        return { applied: drained.applied, duplicate: drained.duplicate };
      }
      let applied = 0;
      let duplicate = 0;
      for (const b of batches) {
        // SQLite written by another process for longer than its busy timeout: waited out as --follow does (until 6 Dec
        // the run ended on Prisma's bare 'Operation has timed out').
        const r = await sendWithRetry((x) => storeLocally(x, { onlyBusy: true }), b, Date.now() + retryMs, log);
        if (!r.ok) throw new Error(r.message);
        if (r.status === 'applied') applied++;
        else duplicate++;
      }
      return { applied, duplicate };
    },
  };
  return delivery;
}
