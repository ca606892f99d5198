/**
 * serve's minute line about alert delivery: said when a run sent or failed something, or when the number of alerts
 * that used every attempt changed, so an alert given up on is announced in the log rather than lost silently,
 * without a line every quiet minute.
 */
export function deliveryLogLine(run: { delivered: number; failed: number }, backlog: { pending: number; undeliverable: number }, previousUndeliverable: number | null): string | null {
  if (run.delivered === 0 && run.failed === 0 && backlog.undeliverable === (previousUndeliverable ?? 0)) return null;
  return `alerts: ${run.delivered} delivered, ${run.failed} failed (retried with backoff), ${backlog.pending} pending, ${backlog.undeliverable} undeliverable after every attempt`;
}
