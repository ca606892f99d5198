import { rekeyedSentTo } from '../alerts/webhook-sink';
import { db } from './client';

/**
 * Since 6 Dec an alert records the webhooks that took it by a keyed fingerprint (lib/alerts/webhook-sink.ts); rows
 * written before keep a plain SHA-256 of each URL, which a reader of the table or a backup can test guesses against.
 * Applied once at serve's start, it gives them the names delivery gives today. Rows are rewritten only where a name
 * changes; a delivery racing this pass writes today's names too, so either write leaves a keyed row.
 */
const PAGE = 500;

export async function rekeyStoredAlertSinks(targets: readonly string[], key: string): Promise<{ changed: number }> {
  let changed = 0;
  let after = '';
  for (;;) {
    const rows = await db().alert.findMany({ where: { id: { gt: after } }, orderBy: { id: 'asc' }, take: PAGE, select: { id: true, sentTo: true } });
    for (const row of rows) {
      const sentTo = rekeyedSentTo(Array.isArray(row.sentTo) ? (row.sentTo as string[]) : [], targets, key);
      if (!sentTo) continue;
      await db().alert.update({ where: { id: row.id }, data: { sentTo } });
      changed++;
    }
    if (rows.length < PAGE) return { changed };
    after = rows[rows.length - 1].id;
  }
}
