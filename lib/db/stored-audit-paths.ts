import { UNKNOWN_HOST } from '../inventory/unknown-host';
import { redactPathSecrets } from '../security/redact-path';
import { isCredentialHost } from '../security/secret-shape';
import { rewriteAuditSummaries } from './audit-summary-pages';

/**
 * Audit events name endpoints by their template when written: a triage (`GET acct.test/password/reset/Kx7pQ2mZ: new →
 * ignored`), a split override's removed rows (`…; removed GET /hooks/sk_live_… (3 requests)`). A template an older
 * release stored with a credential in it is re-templated at serve's start (lib/db/stored-templates.ts), but the events
 * written about it kept the credential, listed by GET /api/audit and the audit page. This gives the paths those events
 * name today's example-path redaction (lib/security/redact-path.ts), the rest of the text as written. A merge's event
 * (`merged GET /a/Kx7pQ2mZ, /a/1 into /a/{id} on shop.test`: rule 71) names the stored templates it folded: until
 * 7 Dec this pass left it as written, so a credential a later rule finds in them stayed there.
 */
const ACTIONS = ['endpoint.triage', 'override.create'];

export function redactStoredAuditPaths(): Promise<{ changed: number }> {
  return rewriteAuditSummaries(ACTIONS, (action, summary) => (action === 'endpoint.triage' ? redactedTriage(summary) : redactedMerge(redactedSplit(summary))));
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

/**
 * `merged [<METHOD> ]<from>, <from>[ and <n> more] into <template>[; …] on <host>[, every method]`
 * (lib/inventory/override-audit-summary.ts mergeText), cut at 1000 characters (its end may be missing); a template
 * may hold spaces. A merge that folded nothing names only its pattern, which the overrides pass judges.
 */
const MERGED = /^(merged (?:\S+ )?)(\/[\s\S]*? into [\s\S]*?)((?: on (?:every host|\S+)(?:, every method)?)?)$/;

function redactedMerge(summary: string): string {
  const m = MERGED.exec(summary);
  if (!m) return summary;
  const groups = m[2].split('; ').map((group) => {
    const into = group.lastIndexOf(' into ');
    if (into === -1) return redactPathSecrets(group);
    const list = group.slice(0, into);
    const more = / and \d+ more$/.exec(list);
    const froms = (more ? list.slice(0, more.index) : list).split(', ').map((path) => redactPathSecrets(path));
    return `${froms.join(', ')}${more?.[0] ?? ''} into ${redactPathSecrets(group.slice(into + ' into '.length))}`;
  });
  return `${m[1]}${groups.join('; ')}${m[3]}`;
}
