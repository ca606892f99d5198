import { halveBatch } from '../../lib/inventory/batches';
import type { IngestBatch } from '../../lib/inventory/observation';
import type { SendOutcome } from './send-batch';
import type { Spool } from './spool';

export interface DrainResult {
  applied: number;
  duplicate: number;
  rejected: string[];
  remaining: number;
}

/** Delivers one batch: to a server over HTTP (`sendBatch`) or straight into the local database. */
export type BatchSender = (batch: IngestBatch) => Promise<SendOutcome>;

/**
 * Delivers every spooled batch, oldest key first, retrying with exponential backoff (honouring Retry-After) until
 * `deadline`. A batch the destination rejects as invalid, and a spool file that cannot be read, are moved aside into
 * `rejected/` (reported), never retried forever and never deleted. A spooled file is removed once every batch in it
 * was taken or set aside.
 */
export async function drainSpool(spool: Spool, send: BatchSender, deadline: number, log: (m: string) => void, stop?: AbortSignal): Promise<DrainResult> {
  const result: DrainResult = { applied: 0, duplicate: 0, rejected: [], remaining: 0 };
  const keys = await spool.keys();
  for (let i = 0; i < keys.length; i++) {
    let entry: Awaited<ReturnType<Spool['get']>>;
    try {
      entry = await spool.get(keys[i]);
    } catch (err) {
      // A read that failed for a passing cause (spool.ts): kept, as for an outage, for the next drain.
      result.remaining = keys.length - i;
      log(`${keys[i]}: cannot be read now (${(err as NodeJS.ErrnoException).code}); ${result.remaining} batch(es) stay spooled in ${spool.dir}`);
      return result;
    }
    if (!entry) {
      // Corrupt, foreign or written by another version: nothing here can tell, so it is kept for a person to look at.
      if (await spool.setAsideFile(keys[i])) result.rejected.push(`${keys[i]}: unreadable spool file`);
      continue;
    }
    // A batch over the server's own body limit goes in halves (lib/inventory/batches.ts halveBatch), depth first.
    const pending = [...entry.batches];
    for (let batch = pending.shift(); batch !== undefined; batch = pending.shift()) {
      const outcome = await sendWithRetry(send, batch, deadline, log, stop);
      if (outcome.ok) {
        result[outcome.status]++;
        continue;
      }
      if (outcome.keepSpooled || outcome.retryable) {
        // A revoked token or a wrong address says nothing about the batch: keep everything for a run that gets them
        // right. Out of time, or stopping (--follow's SIGTERM): what is spooled waits on disk for the next run.
        result.remaining = keys.length - i;
        log(`${outcome.message}; ${result.remaining} batch(es) stay spooled in ${spool.dir}`);
        return result;
      }
      if (outcome.overLimit && batch.observations.length > 1) {
        pending.unshift(...halveBatch(batch));
        continue;
      }
      const whole = entry.batches.length === 1 && batch === entry.batches[0];
      result.rejected.push(`${whole ? keys[i] : `${keys[i]}/${batch.idempotencyKey}`}: ${outcome.message}`);
      await spool.setAside(batch);
    }
    if (entry.state) await spool.settleState(keys[i], entry.state);
    await spool.remove(keys[i]);
  }
  return result;
}

/**
 * Sends one batch until it is taken or refused, retrying what may pass later (a server down or busy, a database
 * another process is writing to) with exponential backoff, honouring Retry-After, while `deadline` leaves time and
 * `stop` has not aborted. The last outcome is returned.
 */
export async function sendWithRetry(send: BatchSender, batch: IngestBatch, deadline: number, log: (m: string) => void, stop?: AbortSignal): Promise<SendOutcome> {
  let delay = 500;
  for (;;) {
    const outcome = await send(batch);
    if (outcome.ok || outcome.keepSpooled || !outcome.retryable) return outcome;
    const wait = outcome.retryAfterMs ?? delay;
    if (Date.now() + wait > deadline || stop?.aborted) return outcome;
    log(`${outcome.message}; retrying in ${Math.round(wait / 100) / 10}s`);
    await new Promise<void>((r) => {
      const done = () => {
        clearTimeout(timer);
        stop?.removeEventListener('abort', done);
        r();
      };
      const timer = setTimeout(done, wait + Math.random() * 250);
      stop?.addEventListener('abort', done, { once: true });
    });
    delay = Math.min(delay * 2, 30_000);
  }
}
