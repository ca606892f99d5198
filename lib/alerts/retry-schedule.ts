/**
 * When a failed alert is tried again. Backoff doubles from 1 minute to a 1-hour cap, so 30 attempts span a little
 * over a day (63 min for the first 7, then hourly): a receiver down for a maintenance window or a long outage still
 * gets its alerts, where a retry every minute used up every attempt within 20 minutes.
 */
export const MAX_ALERT_ATTEMPTS = 30;

const FIRST_DELAY_MS = 60_000;
const MAX_DELAY_MS = 3_600_000;
// A receiver's Retry-After is honoured up to this, so a wrong or hostile header cannot park alerts for weeks.
const MAX_RETRY_AFTER_MS = 6 * 3_600_000;

/** `attempts` counts the attempt that just failed (1 after the first); `retryAfterMs` is the receiver's wish, if any. */
export function nextAttemptAt(attempts: number, now: Date, retryAfterMs?: number): Date {
  const backoff = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  const asked = retryAfterMs === undefined ? 0 : Math.min(MAX_RETRY_AFTER_MS, retryAfterMs);
  return new Date(now.getTime() + Math.max(backoff, asked));
}

/** `Retry-After` as delay-seconds or an HTTP date (RFC 9110 §10.2.3), in ms from `now`; undefined when unusable. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Every HTTP date form names its day and month; without this Date.parse takes "-5" for a year.
  const at = /[a-z]{3}/i.test(trimmed) ? Date.parse(trimmed) : NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
