import type { Spool } from './spool';
import { sendBatch } from './send-batch';

export interface DrainResult {
  applied: number;
  duplicate: number;
  rejected: string[];
  remaining: number;
}

/**
 * Sends every spooled batch, oldest key first, retrying with exponential backoff (honouring Retry-After) until
 * `deadline`. A batch the server rejects as invalid is moved aside (reported), never retried forever.
 */
export async function drainSpool(spool: Spool, server: string, token: string, deadline: number, log: (m: string) => void): Promise<DrainResult> {
  const result: DrainResult = { applied: 0, duplicate: 0, rejected: [], remaining: 0 };
  const keys = await spool.keys();
  for (let i = 0; i < keys.length; i++) {
    const batch = await spool.get(keys[i]);
    if (!batch) {
      result.rejected.push(`${keys[i]}: unreadable spool file`);
      await spool.remove(keys[i]);
      continue;
    }
    let delay = 500;
    for (;;) {
      const outcome = await sendBatch(server, token, batch);
      if (outcome.ok) {
        result[outcome.status]++;
        await spool.remove(keys[i]);
        break;
      }
      if (outcome.refusedCredentials) {
        // A revoked or mistyped token says nothing about the batch: keep everything spooled for a run with a good one.
        result.remaining = keys.length - i;
        log(`${outcome.message}: the server refused the token; ${result.remaining} batch(es) stay spooled in ${spool.dir}`);
        return result;
      }
      if (!outcome.retryable) {
        result.rejected.push(`${keys[i]}: ${outcome.message}`);
        await spool.remove(keys[i]);
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
  return result;
}
