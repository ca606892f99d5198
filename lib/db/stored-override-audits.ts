import { rewordedLegacySummary } from '../inventory/override-audit-summary';
import { db } from './client';

/**
 * Override events an older release wrote as the row is stored (`merge * *` then `/carts/{cartId}`) are given today's text
 * (`merged /carts/{cartId} on every host, every method`), so the audit log reads one way whatever wrote it. What a
 * merge folded was not recorded then and is not made up; a split's removed rows keep their text.
 */
const PAGE = 1000;

export async function rewordStoredOverrideAudits(): Promise<{ changed: number }> {
  let changed = 0;
  let after = '';
  for (;;) {
    const events = await db().auditEvent.findMany({
      where: { action: { in: ['override.create', 'override.delete'] }, id: { gt: after } },
      orderBy: { id: 'asc' },
      take: PAGE,
      select: { id: true, action: true, summary: true },
    });
    for (const e of events) {
      const summary = rewordedLegacySummary(e.action, e.summary);
      if (summary === undefined || summary === e.summary) continue;
      await db().auditEvent.update({ where: { id: e.id }, data: { summary } });
      changed++;
    }
    if (events.length < PAGE) return { changed };
    after = events[events.length - 1].id;
  }
}
