import { rewordedLegacySummary } from '../inventory/override-audit-summary';
import { rewriteAuditSummaries } from './audit-summary-pages';

/**
 * Override events an older release wrote as the row is stored (`merge * *` then `/carts/{cartId}`) are given today's text
 * (`merged /carts/{cartId} on every host, every method`), so the audit log reads one way whatever wrote it. What a
 * merge folded was not recorded then and is not made up; a split's removed rows keep their text.
 */
export function rewordStoredOverrideAudits(): Promise<{ changed: number }> {
  return rewriteAuditSummaries(['override.create', 'override.delete'], rewordedLegacySummary);
}
