import type { IngestBatch } from '../../lib/inventory/observation';
import { drainSpool, sendWithRetry, type BatchSender } from './drain-spool';
import type { Spool } from './spool';
import { storeLocally } from './store-locally';

/**
 * How `ingest`/`push` hand batches on: through the spool to a server (drained until --retry-for runs out; what is
 * left stays spooled, `leftSpooled`), or into the local database batch by batch.
 */
export function createDelivery(opts: { spool: Spool | undefined; send: BatchSender; retryMs: number; log: (m: string) => void; oneDeadline?: boolean }) {
  const { spool, send, retryMs, log } = opts;
  /**
   * `oneDeadline`: a run that delivers input after input (a plain `push a.log b.log`, a directory's logs) retries an
   * outage for --retry-for once: until 6 Dec each input retried for it in turn while the server was down (twenty
   * rotated logs, over three hours). Once a delivery has given up, the next is tried once, and a full --retry-for again
   * only after one gets through (not from the run's start: a long capture's extraction would have used it up).
   */
  let gaveUp = false;
  const deadline = () => (opts.oneDeadline && gaveUp ? Date.now() : Date.now() + retryMs);
  const delivery = {
    /** Entries still spooled after the last drain: the run exits 3. */
    leftSpooled: 0,
    /** Batches the destination refused, set aside in rejected/: the run exits 1 (until 6 Dec 0, as if all were taken). */
    rejected: 0,
    /** What a drain set aside, said and counted. */
    setAside(rejected: string[], dir: string) {
      for (const r of rejected) log(`rejected, set aside in ${dir}/rejected: ${r}`);
      delivery.rejected += rejected.length;
    },
    async deliver(batches: IngestBatch[], alreadySpooled = false, stop?: AbortSignal): Promise<{ applied: number; duplicate: number }> {
      if (spool) {
        if (!alreadySpooled) for (const b of batches) await spool.put(b);
        const drained = await drainSpool(spool, send, deadline(), log, stop);
        delivery.setAside(drained.rejected, spool.dir);
        delivery.leftSpooled = drained.remaining;
        gaveUp = drained.remaining > 0;
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
