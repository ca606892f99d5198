import { db } from './client';
import { removeCredentialRows } from './credential-rows';
import { pathPrefixProblem } from './override-patterns';

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
  return removeCredentialRows(rules, {
    quoted: (rule) => rule.pathPrefix,
    remove: (tx, rule) => tx.ownershipRule.delete({ where: { id: rule.id } }),
    event: (rule, redacted) => ({ action: 'ownership.delete', targetType: 'ownership-rule', summary: `removed ${rule.host}${redacted}: its path prefix carried a credential` }),
    reason: 'ownership rules with a credential removed',
  });
}
