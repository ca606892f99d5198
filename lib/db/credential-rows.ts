import { redactTypedPath } from '../security/redact-path';
import { reclassifyEndpoints } from './reclassify';
import type { Tx } from './spec-catalog';
import { db } from './client';
import { lockForInventoryWrite } from './write-lock';

/**
 * Removes rows an older release stored with a credential in the path text `quoted` gives (an override's pattern, an
 * ownership rule's prefix: refused since, lib/db/override-patterns.ts): each is deleted and audited as removed by the
 * system, every audit summary quoting that text gets its redaction instead (the rest as written), and the rows' hosts
 * are reclassified as a removal by hand would reclassify them. One transaction under the inventory write lock.
 */
export async function removeCredentialRows<T extends { id: string; host: string }>(
  rows: T[],
  how: {
    quoted: (row: T) => string;
    remove: (tx: Tx, row: T) => Promise<unknown>;
    event: (row: T, redacted: string) => { action: string; targetType: string; summary: string };
    /** The reclassification's reason, in the audit log. */
    reason: string;
  },
): Promise<{ removed: number }> {
  if (rows.length === 0) return { removed: 0 };
  await db().$transaction(
    async (tx) => {
      await lockForInventoryWrite(tx);
      for (const row of rows) {
        const text = how.quoted(row);
        const redacted = redactTypedPath(text);
        const events = await tx.auditEvent.findMany({ where: { summary: { contains: text } }, select: { id: true, summary: true } });
        for (const e of events) await tx.auditEvent.update({ where: { id: e.id }, data: { summary: e.summary.split(text).join(redacted) } });
        await how.remove(tx, row);
        await tx.auditEvent.create({ data: { actor: 'system', targetId: row.id, ...how.event(row, redacted) } });
      }
    },
    { timeout: 120_000, maxWait: 60_000 },
  );
  const hosts = [...new Set(rows.map((r) => r.host))];
  await reclassifyEndpoints(hosts.includes('*') ? { all: true } : { hosts }, 'system', how.reason);
  return { removed: rows.length };
}
