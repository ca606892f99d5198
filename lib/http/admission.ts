import { HttpError } from './errors';

/**
 * Per-process admission control: at most `limit` requests run at once; the rest are told to come back (429 with
 * Retry-After) instead of queueing until the database falls over. Pushers back off and retry.
 */
export function createAdmission(limit: () => number) {
  let running = 0;
  return async function admit<T>(work: () => Promise<T>): Promise<T> {
    if (running >= limit()) {
      throw new HttpError(429, 'overloaded', 'ingest is at capacity, retry shortly', undefined, { 'retry-after': '2' });
    }
    running++;
    try {
      return await work();
    } finally {
      running--;
    }
  };
}
