import { db } from './client';

const PAGE = 1000;

/**
 * The stored-data passes' walk over audit events of some actions (serve's start-up): pages in id order, each event's
 * summary given to `rewrite`, written back when it comes back different. Audit events are appended, never edited by
 * anything else, so no lock is taken.
 */
export async function rewriteAuditSummaries(actions: string[], rewrite: (action: string, summary: string) => string | undefined): Promise<{ changed: number }> {
  let changed = 0;
  let after = '';
  for (;;) {
    const events = await db().auditEvent.findMany({ where: { action: { in: actions }, id: { gt: after } }, orderBy: { id: 'asc' }, take: PAGE, select: { id: true, action: true, summary: true } });
    for (const e of events) {
      const summary = rewrite(e.action, e.summary);
      if (summary === undefined || summary === e.summary) continue;
      await db().auditEvent.update({ where: { id: e.id }, data: { summary } });
      changed++;
    }
    if (events.length < PAGE) return { changed };
    after = events[events.length - 1].id;
  }
}
