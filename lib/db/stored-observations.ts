import { storedTemplateMayChange } from '../discovery/stored-template';
import { foldObservations } from '../inventory/merge-evidence';
import type { EndpointObservation } from '../inventory/observation';
import { withRecordedAuthKinds } from '../inventory/recorded-auth-kinds';
import { withRecordedQueryNames } from '../inventory/recorded-query-params';
import { redactExamplePaths } from '../security/redact-named-secrets';
import { keyOf } from './endpoint-key';
import { withFormerSecretRows } from './former-secret-rows';
import type { DbClient } from './spec-catalog';
import { currentTemplate, loadTemplateRules } from './template-rules';

/**
 * A batch's observations as ingest stores them, one per endpoint: what it counts (lib/db/ingest.ts), and how the
 * recovery of a batch whose classification never ran finds the rows it counted (lib/db/batch-classification.ts).
 */
export async function storedObservations(client: DbClient, observations: readonly EndpointObservation[]): Promise<EndpointObservation[]> {
  const merged = new Map<string, EndpointObservation>();
  // A collector of an older release templates by older rules: a reset code, a `key=…` segment or a matrix parameter
  // stays a literal of its template, which would be stored, searched and alerted on as sent, and the start-up pass
  // that fixes such rows (lib/db/stored-templates.ts) has run already. Each template gets the pass's decision here,
  // before rows are looked up, so it lands on (and is summed with) the row today's collectors count under. The
  // rules are read only for a batch that needs them: a current collector's templates never change.
  const rules = observations.some((o) => storedTemplateMayChange(o.path, o.examplePaths)) ? await loadTemplateRules(client) : undefined;
  for (const o of observations) {
    // Collectors redact example paths, bare-token query names and token-shaped cookie names where they collect them
    // (lib/discovery/evidence.ts, lib/exchange/query-names.ts, session-cookie-names.ts); redacted again here, at the
    // server's door, because a collector of an older version sends them as it found them. Idempotent.
    const evidence = { ...o.evidence, queryParams: withRecordedQueryNames(o.evidence.queryParams), authKinds: withRecordedAuthKinds(o.evidence.authKinds) };
    const host = o.host.toLowerCase();
    const method = o.method.toUpperCase();
    const path = rules ? currentTemplate(rules, host, method, o.path, o.examplePaths, o.evidence.firstSeen) : o.path;
    const norm = { ...o, host, method, path, evidence, examplePaths: [...redactExamplePaths(path, o.examplePaths)] };
    const k = keyOf(norm.host, norm.method, norm.path);
    // One batch could name an endpoint twice; fold them so each row is written once.
    merged.set(k, merged.has(k) ? foldObservations(merged.get(k)!, norm) : norm);
  }
  return withFormerSecretRows(client, [...merged.values()]);
}
