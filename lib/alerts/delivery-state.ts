import { MAX_ALERT_ATTEMPTS } from './retry-schedule';

/** Where an alert stands with its sinks, as the Alerts page and GET /api/alerts show it. */
export type DeliveryState =
  | { state: 'delivered'; deliveredAt: string; sinks: number }
  | { state: 'pending'; attempts: number; nextAttemptAt: string | null; lastError: string | null }
  | { state: 'undeliverable'; attempts: number; lastError: string | null };

export function alertDeliveryState(alert: { deliveredAt: Date | null; attempts: number; sentTo: unknown; nextAttemptAt: Date | null; lastError: string | null }): DeliveryState {
  const sinks = Array.isArray(alert.sentTo) ? alert.sentTo.length : 0;
  if (alert.deliveredAt) return { state: 'delivered', deliveredAt: alert.deliveredAt.toISOString(), sinks };
  const lastError = alert.lastError === null ? null : hostsOnly(alert.lastError);
  if (alert.attempts >= MAX_ALERT_ATTEMPTS) return { state: 'undeliverable', attempts: alert.attempts, lastError };
  return { state: 'pending', attempts: alert.attempts, nextAttemptAt: alert.nextAttemptAt?.toISOString() ?? null, lastError };
}

// Delivery errors are written as "host: reason", but a row from an older version or a library message may carry a
// whole URL, and a webhook URL's path or query is often its secret (a Slack hook's path is its key): show the host.
function hostsOnly(error: string): string {
  return error.replace(/\b[a-z][a-z0-9+.-]*:\/\/([^/\s?#@]*@)?([^/\s?#:]+)(:\d+)?[^\s;]*/gi, (_m, _user, host: string, port?: string) => `${host}${port ?? ''}`);
}
