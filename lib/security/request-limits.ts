import type { Permission } from '../auth/permissions';
import type { Principal } from '../auth/roles';
import { env } from '../env';
import { HttpError } from '../http/errors';
import { createTokenBucket } from './token-bucket';

/**
 * Which permissions are rate-limited, per caller, in the one route wrapper. Ingest is the only write path open to
 * machines at volume; a runaway collector (or a leaked ingest token) is slowed to LANTERN_INGEST_RATE requests per
 * second instead of monopolising the single database writer. Limits are per app replica.
 */
type Bucket = ReturnType<typeof createTokenBucket>;
const buckets = new Map<Permission, Bucket>();

function bucketFor(permission: Permission): Bucket | undefined {
  if (permission !== 'ingest:write') return undefined;
  let bucket = buckets.get(permission);
  if (!bucket) {
    const e = env();
    bucket = createTokenBucket({ perSecond: e.LANTERN_INGEST_RATE, burst: e.LANTERN_INGEST_BURST, maxPenaltyMs: 5 * 60_000, maxKeys: 10_000 });
    buckets.set(permission, bucket);
  }
  return bucket;
}

/** Throws 429 with Retry-After (whole seconds, at least 1) when the caller is over its rate for this permission. */
export function enforceRateLimit(permission: Permission, principal: Principal): void {
  const verdict = bucketFor(permission)?.take(`${principal.kind}:${principal.id}`);
  if (!verdict || verdict.ok) return;
  const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
  throw new HttpError(429, 'rate_limited', `too many requests; retry in ${seconds} s`, undefined, { 'retry-after': String(seconds) });
}

/** Tests change LANTERN_INGEST_RATE between cases. */
export function resetRateLimits(): void {
  buckets.clear();
}
