import { UNKNOWN_HOST } from '../inventory/unknown-host';
import { redactPathSecrets } from '../security/redact-path';
import { isCredentialHost } from '../security/secret-shape';
import { rewriteAuditSummaries } from './audit-summary-pages';

/**
 * Audit events name endpoints by their template when written: a triage (`GET acct.test/password/reset/Kx7pQ2mZ: new →
 * ignored`), a split override's removed rows (`…; removed GET /hooks/sk_live_… (3 requests)`). A template an older
 * release stored with a credential in it is re-templated at serve's start (lib/db/stored-templates.ts), but the events
 * written about it kept the credential, listed by GET /api/audit and the audit page. This gives the paths those events
 * name today's example-path redaction (lib/security/redact-path.ts), the rest of the text as written.
 */
const ACTIONS = ['endpoint.triage', 'override.create'];

export function redactStoredAuditPaths(): Promise<{ changed: number }> {
  return rewriteAuditSummaries(ACTIONS, (action, summary) => (action === 'endpoint.triage' ? redactedTriage(summary) : redactedSplit(summary)));
}

/**
 * `<METHOD> <host><path>: <from> → <to>[ (<note>)]`: the path up to the `: ` after it, spaces included (a template
 * spells `%20` as one: rules version 47); a note is the user's text; a
 * host that is a credential is `unknown-host`, where its endpoint is now (lib/db/stored-hosts.ts).
 */
const TRIAGE = /^(\S+ )([^/\s]*)(\/[^\n]*?)(: \S+ → [\s\S]*)$/;

function redactedTriage(summary: string): string {
  const m = TRIAGE.exec(summary);
  return m ? `${m[1]}${isCredentialHost(m[2]) ? UNKNOWN_HOST : m[2]}${redactPathSecrets(m[3])}${m[4]}` : summary;
}

/** `…; removed <METHOD> <template> (<n> requests), …`, cut at 1000 characters (the last path may be cut too); a template may hold spaces. */
const REMOVED = /(; removed |, )(\S+ )(\/[^\n]*?)(?= \(\d+ requests\)|$)/g;

function redactedSplit(summary: string): string {
  const removed = summary.indexOf('; removed ');
  if (removed === -1) return summary;
  return summary.slice(0, removed) + summary.slice(removed).replace(REMOVED, (_m, lead: string, method: string, path: string) => `${lead}${method}${redactPathSecrets(path)}`);
}
