import { redactTypedPath } from '../security/redact-path';
import { redactAuditQuotes } from './audit-quotes';
import { db } from './client';
import { patternSecretProblem } from './override-patterns';
import { reclassifyEndpoints } from './reclassify';
import { lockForInventoryWrite } from './write-lock';

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
  if (overrides.length === 0) return { removed: 0 };
  await db().$transaction(
    async (tx) => {
      await lockForInventoryWrite(tx);
      for (const o of overrides) {
        const redacted = redactTypedPath(o.pattern);
        await redactAuditQuotes(tx, o.pattern, redacted);
        await tx.pathOverride.delete({ where: { id: o.id } });
        await tx.auditEvent.create({
          data: { actor: 'system', action: 'override.delete', targetType: 'override', targetId: o.id, summary: `${o.action} ${o.method} ${o.host}${redacted}: its pattern carried a credential` },
        });
      }
    },
    { timeout: 120_000, maxWait: 60_000 },
  );
  const hosts = [...new Set(overrides.map((o) => o.host))];
  await reclassifyEndpoints(hosts.includes('*') ? { all: true } : { hosts }, 'system', 'overrides with a credential removed');
  return { removed: overrides.length };
}
