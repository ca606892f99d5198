import type { Tx } from './spec-catalog';

/**
 * Every audit summary quoting `text` (a credential an older release stored in an override's pattern or an ownership
 * rule's prefix), with `redacted` in its place; the rest of each summary as written.
 */
export async function redactAuditQuotes(tx: Tx, text: string, redacted: string): Promise<void> {
  const events = await tx.auditEvent.findMany({ where: { summary: { contains: text } }, select: { id: true, summary: true } });
  for (const e of events) await tx.auditEvent.update({ where: { id: e.id }, data: { summary: e.summary.split(text).join(redacted) } });
}
