import { overrideDeletedSummary } from '../inventory/override-audit-summary';
import { db } from './client';
import { removeCredentialRows } from './credential-rows';
import { patternSecretProblem } from './override-patterns';

/**
 * Until 5 Dec an override's pattern copied from a URL (`/dl/x?token=…`, `/hooks/sk_live_…`, `/v1/key=…`) was stored,
 * audited and sent to every collector as typed; such a pattern is refused since (override-patterns.ts
 * patternSecretProblem). One stored before kept the credential in the overrides list, its audit events and every
 * collector's templating context, and a literal an override names is a human decision templating keeps: the
 * start-up pass left the stored row it named (`/hooks/sk_live_…`) with the token as its template. Such an override is
 * removed here, before the templates pass runs, so that row gets today's template; it is audited as removed by the
 * system, the credential in the audit events naming it `{redacted}`, and its hosts reclassified (endpoints it hid
 * show again: a new override with `*` or `{name}` where the token was hides them for good).
 */
export async function removeCredentialOverrides(): Promise<{ removed: number }> {
  const overrides = (await db().pathOverride.findMany({ select: { id: true, host: true, method: true, action: true, pattern: true } })).filter((o) => patternSecretProblem(o.pattern) !== undefined);
  return removeCredentialRows(overrides, {
    quoted: (o) => o.pattern,
    remove: (tx, o) => tx.pathOverride.delete({ where: { id: o.id } }),
    event: (o, redacted) => ({ action: 'override.delete', targetType: 'override', summary: `${overrideDeletedSummary({ ...o, pattern: redacted })}: its pattern carried a credential` }),
    reason: 'overrides with a credential removed',
  });
}
