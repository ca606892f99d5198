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
 * `deadline`. A batch the destination rejects as invalid is moved aside (reported), never retried forever. A spooled
 * file is removed once every batch in it was taken.
 */
export async function drainSpool(spool: Spool, send: BatchSender, deadline: number, log: (m: string) => void): Promise<DrainResult> {
  const result: DrainResult = { applied: 0, duplicate: 0, rejected: [], remaining: 0 };
  const keys = await spool.keys();
  for (let i = 0; i < keys.length; i++) {
    const entry = await spool.get(keys[i]);
    if (!entry) {
      result.rejected.push(`${keys[i]}: unreadable spool file`);
      await spool.remove(keys[i]);
      continue;
    }
    for (const batch of entry.batches) {
      let delay = 500;
      for (;;) {
        const outcome = await send(batch);
        if (outcome.ok) {
          result[outcome.status]++;
          break;
        }
        if (outcome.refusedCredentials) {
          // A revoked or mistyped token says nothing about the batch: keep everything spooled for a run with a good one.
          result.remaining = keys.length - i;
          log(`${outcome.message}: the server refused the token; ${result.remaining} batch(es) stay spooled in ${spool.dir}`);
          return result;
        }
        if (!outcome.retryable) {
          result.rejected.push(`${entry.batches.length === 1 ? keys[i] : `${keys[i]}/${batch.idempotencyKey}`}: ${outcome.message}`);
          break;
        }
        const wait = outcome.retryAfterMs ?? delay;
        if (Date.now() + wait > deadline) {
          result.remaining = keys.length - i;
          log(`${outcome.message}; ${result.remaining} batch(es) stay spooled in ${spool.dir}`);
          return result;
        }
        log(`${outcome.message}; retrying in ${Math.round(wait / 100) / 10}s`);
        await new Promise((r) => setTimeout(r, wait + Math.random() * 250));
        delay = Math.min(delay * 2, 30_000);
      }
    }
    await spool.remove(keys[i]);
  }
  return result;
}
