import { MAX_ALERT_ATTEMPTS } from '../alerts/retry-schedule';
import { principalLabel, type Principal } from '../auth/roles';
import { db } from './client';

type RetryOutcome = { status: 'ok'; value: { id: string } } | { status: 'not-found' | 'invalid'; message: string };

/**
 * Gives an undeliverable alert (every attempt used) a fresh set of attempts, due now, with no lease: the next delivery
 * run claims it and sends it to the sinks still missing it (`sentTo` keeps the ones that took it, so they do not get it
 * twice). `lastError` stays until the next attempt replaces it, so the page still says why it failed. Audited as
 * `alert.retry` in the same transaction, so a retry is never unrecorded.
 */
export function retryUndeliverableAlert(id: string, actor: Principal): Promise<RetryOutcome> {
  return db().$transaction(async (tx) => {
    // Conditional on still being undeliverable: a double click, or a retry racing a delivery run, changes nothing.
    const { count } = await tx.alert.updateMany({
      where: { id, deliveredAt: null, attempts: { gte: MAX_ALERT_ATTEMPTS } },
      data: { attempts: 0, nextAttemptAt: null, leaseUntil: null, leaseOwner: null },
    });
    if (count === 0) {
      const exists = await tx.alert.findUnique({ where: { id }, select: { id: true } });
      return exists ? { status: 'invalid', message: 'only an undeliverable alert can be retried' } : { status: 'not-found', message: 'alert not found' };
    }
    const alert = await tx.alert.findUniqueOrThrow({ where: { id }, select: { summary: true, sentTo: true } });
    const sent = Array.isArray(alert.sentTo) ? alert.sentTo.length : 0;
    await tx.auditEvent.create({
      data: { actor: principalLabel(actor), action: 'alert.retry', targetType: 'alert', targetId: id, summary: `retry delivery of "${alert.summary}" (${sent} ${sent === 1 ? 'sink' : 'sinks'} already took it)` },
    });
    return { status: 'ok', value: { id } };
  });
}
