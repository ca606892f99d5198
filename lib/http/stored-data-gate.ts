import { STORED_DATA_RULES } from '../db/stored-data-rules';
import { storedDataCurrent } from '../db/stored-data-state';
import { HttpError } from './errors';

// Long enough that a pusher draining its spool does not hammer a server that is busy upgrading, short enough that
// it comes back soon after a pass over a small inventory (seconds).
const RETRY_AFTER_SECONDS = 5;

/** Whether `lantern serve`'s start-up passes have brought stored rows under this release's rules (health says so). */
export function storedDataUpgraded(): Promise<boolean> {
  return storedDataCurrent(STORED_DATA_RULES);
}

/**
 * Refuses a data request while the passes run: 503 with Retry-After, which collectors (`lantern push`, OTLP
 * exporters) retry, so a batch arriving then is applied once, after them, and nothing is read or changed beside a
 * half-upgraded inventory (a row re-templated, its neighbour not yet).
 */
export async function refuseWhileUpgrading(): Promise<void> {
  if (await storedDataUpgraded()) return;
  throw new HttpError(503, 'upgrading', "Lantern is bringing stored data under this release's rules; retry shortly", undefined, { 'retry-after': String(RETRY_AFTER_SECONDS) });
}
