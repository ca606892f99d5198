import { redactTypedPath } from '../security/redact-path';
import { redactAuditQuotes } from './audit-quotes';
import { db } from './client';
import { pathPrefixProblem } from './override-patterns';
import { reclassifyEndpoints } from './reclassify';
import { lockForInventoryWrite } from './write-lock';

/**
 * Until 6 Dec an ownership rule's path prefix pasted from a URL (`/dl/x?token=…`, `/hooks/sk_live_…`) was stored,
 * listed and audited as typed; such a prefix is refused since (lib/db/ownership.ts). A rule stored before keeps the
 * credential in the rules list and in its audit events. Such a rule owns nothing: no stored template has a query, a
 * `key=…` segment or a token as a literal (templating makes them parameters), so it is removed, audited as removed
 * by the system, and the credential in the audit events that name it (its creation, its reclassification) becomes
 * `{redacted}`. Its hosts are reclassified all the same, as a rule's removal is.
 */
export async function removeCredentialOwnershipRules(): Promise<{ removed: number }> {
  const rules = (await db().ownershipRule.findMany({ select: { id: true, host: true, pathPrefix: true } })).filter((r) => pathPrefixProblem(r.pathPrefix) !== undefined);
  if (rules.length === 0) return { removed: 0 };
  await db().$transaction(
    async (tx) => {
      await lockForInventoryWrite(tx);
      for (const rule of rules) {
        const redacted = redactTypedPath(rule.pathPrefix);
        await redactAuditQuotes(tx, rule.pathPrefix, redacted);
        await tx.ownershipRule.delete({ where: { id: rule.id } });
        await tx.auditEvent.create({
          data: { actor: 'system', action: 'ownership.delete', targetType: 'ownership-rule', targetId: rule.id, summary: `removed ${rule.host}${redacted}: its path prefix carried a credential` },
        });
      }
    },
    { timeout: 120_000, maxWait: 60_000 },
  );
  const hosts = [...new Set(rules.map((r) => r.host))];
  await reclassifyEndpoints(hosts.includes('*') ? { all: true } : { hosts }, 'system', 'ownership rules with a credential removed');
  return { removed: rules.length };
}
