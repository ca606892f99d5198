import { unionCapped } from '../inventory/merge-evidence';
import { templateKey } from '../openapi/path-template';
import { redactExamplePaths } from '../security/redact-named-secrets';
import { foldEndpoints, type EndpointRow } from './endpoint-fold';
import { inEndpointPages } from './endpoint-pages';
import { reclassifyEndpoints } from './reclassify';
import type { Tx } from './spec-catalog';
import { currentTemplate, loadTemplateRules, type TemplateRules } from './template-rules';
import { formatCount } from '../format-count';

/**
 * Templating learnt on 5 Dec to make parameters of segments an older release stored as literals (reset codes and
 * other segments example paths redact, `name=value` segments, ULIDs; matrix parameters dropped), and example paths to
 * redact `name=value` and matrix values. A stored row keeps what it was stored with until traffic re-keys it, which it
 * never does: `/password/reset/Kx7pQ2mZ` stayed in the inventory API and `inventory --json`, the code in its
 * template, while new traffic counted beside it under `/password/reset/{resetId}`. This gives such rows today's
 * template (lib/discovery/stored-template.ts, decided by lib/db/template-rules.ts as ingest decides what older
 * collectors push) and redacted examples, folds a row into the row that already has its new template (same host,
 * method and template, parameter names aside: that row is where traffic lands now) with foldEndpoints, relabels its
 * alerts, reclassifies what changed as ingest does, and audits what it did (counts only: the old templates are what
 * must not be kept).
 *
 * Human decisions stay: a row a spec operation matches is the spec's to template (classification re-keys it), and a
 * literal an override names is never made a parameter. Pages under the inventory write lock, so an ingest in between
 * is never overwritten with older counts; a second run changes nothing.
 */
type Row = Pick<EndpointRow, 'id' | 'host' | 'method' | 'pathTemplate' | 'examplePaths' | 'firstSeen'>;
export interface RetemplateResult {
  retemplated: number;
  folded: number;
  examples: number;
}

export async function retemplateStoredEndpoints(): Promise<RetemplateResult> {
  const total: RetemplateResult = { retemplated: 0, folded: 0, examples: 0 };
  await inEndpointPages(
    (tx, page) => tx.endpoint.findMany({ ...page, select: { id: true, host: true, method: true, pathTemplate: true, examplePaths: true, firstSeen: true } }),
    async (tx, rows) => {
      const done = await retemplatePage(tx, rows, await loadTemplateRules(tx));
      total.retemplated += done.retemplated;
      total.folded += done.folded;
      total.examples += done.examples;
    },
    120_000,
  );
  return total;
}

async function retemplatePage(tx: Tx, rows: Row[], rules: TemplateRules): Promise<RetemplateResult> {
  const done: RetemplateResult = { retemplated: 0, folded: 0, examples: 0 };
  const touched = new Set<string>();
  for (const row of rows) {
    const examples = redactedExamples(row.pathTemplate, row.examplePaths);
    if (examples) done.examples++;
    const target = currentTemplate(rules, row.host, row.method, row.pathTemplate, examples ?? storedExamples(row.examplePaths), row.firstSeen.toISOString());
    if (target === row.pathTemplate) {
      if (examples) await tx.endpoint.update({ where: { id: row.id }, data: { examplePaths: examples } });
      continue;
    }
    const twin = await findTwin(tx, row, target);
    await relabelAlerts(tx, row, twin?.pathTemplate ?? target);
    done.retemplated++;
    if (twin) {
      const [keeper, source] = await Promise.all([tx.endpoint.findUniqueOrThrow({ where: { id: twin.id } }), tx.endpoint.findUniqueOrThrow({ where: { id: row.id } })]);
      // The twin may sit on a later page: its examples are redacted here too, so the union keeps no old value.
      await foldEndpoints(tx, withRedactedExamples(keeper), [{ ...source, examplePaths: examples ?? source.examplePaths }], twin.pathTemplate);
      touched.add(twin.id);
      done.folded++;
    } else {
      await tx.endpoint.update({ where: { id: row.id }, data: { pathTemplate: target, ...(examples ? { examplePaths: examples } : {}) } });
      touched.add(row.id);
    }
  }
  if (touched.size > 0) {
    await reclassifyEndpoints({ endpointIds: [...touched] }, 'system', 'stored templates', { tx });
    const folded = done.folded > 0 ? `, ${formatCount(done.folded)} folded into the endpoint already stored under it` : '';
    await tx.auditEvent.create({
      data: { actor: 'system', action: 'endpoints.retemplate', targetType: 'endpoint', summary: `stored templates: ${formatCount(done.retemplated)} endpoint(s) given today's template${folded}` },
    });
  }
  return done;
}

/** The row stored under the new template: the same one, or the same but for parameter names (the busiest). */
async function findTwin(tx: Tx, row: Row, target: string): Promise<{ id: string; pathTemplate: string } | undefined> {
  const select = { id: true, pathTemplate: true, requestCount: true } as const;
  const exact = await tx.endpoint.findUnique({ where: { host_method_pathTemplate: { host: row.host, method: row.method, pathTemplate: target } }, select });
  if (exact || !target.includes('{')) return exact ?? undefined;
  // Every template of that shape starts with the new one's text up to its first parameter (SQLite's LIKE may
  // return more: the shape is compared exactly below).
  const prefix = target.slice(0, target.indexOf('{'));
  const rows = await tx.endpoint.findMany({ where: { host: row.host, method: row.method, pathTemplate: { startsWith: prefix }, id: { not: row.id } }, select });
  const key = templateKey(target);
  return rows
    .filter((r) => templateKey(r.pathTemplate) === key)
    .sort((a, b) => (a.requestCount === b.requestCount ? (a.pathTemplate < b.pathTemplate ? -1 : 1) : a.requestCount > b.requestCount ? -1 : 1))[0];
}

/** Alerts name the endpoint by its template: an undelivered one would still send the old literal to every sink. */
async function relabelAlerts(tx: Tx, row: Row, template: string): Promise<void> {
  const from = `${row.method} ${row.host}${row.pathTemplate}`;
  const to = `${row.method} ${row.host}${template}`;
  const alerts = await tx.alert.findMany({ where: { endpointId: row.id }, select: { id: true, summary: true, payload: true } });
  for (const a of alerts) {
    const payload = a.payload as { path?: string } | null;
    await tx.alert.update({
      where: { id: a.id },
      data: { summary: a.summary.split(from).join(to), ...(payload?.path === row.pathTemplate ? { payload: { ...payload, path: template } } : {}) },
    });
  }
}

function storedExamples(stored: unknown): string[] {
  return Array.isArray(stored) ? stored.filter((p): p is string => typeof p === 'string') : [];
}

/**
 * Example paths under today's redaction (`name=value` and matrix values came in on 5 Dec; on 7 Dec the values of a
 * parameter the template names as a credential), or undefined when unchanged.
 */
function redactedExamples(template: string, stored: unknown): string[] | undefined {
  const paths = Array.isArray(stored) ? (stored as string[]) : [];
  const redacted = unionCapped([], [...redactExamplePaths(template, paths)], 5);
  return redacted.length === paths.length && redacted.every((p, i) => p === paths[i]) ? undefined : redacted;
}

function withRedactedExamples(row: EndpointRow): EndpointRow {
  return { ...row, examplePaths: redactedExamples(row.pathTemplate, row.examplePaths) ?? row.examplePaths };
}
