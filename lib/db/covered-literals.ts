import { coveringTemplate, indexShadowTemplates } from '../inventory/shadow-templates';
import { splitPath } from '../openapi/path-template';
import type { DbClient } from './spec-catalog';

/**
 * Shadow rows that new templates may cover (lib/inventory/shadow-templates.ts), for the ingest pipeline to
 * classify again: only rows of the template's host and method that share its path up to the first parameter are
 * read, so a first ingest that stores thousands of templates never reads the whole inventory per batch.
 * Classification then decides with the stored counts; this only finds the candidates.
 */
export async function literalsCoveredBy(client: DbClient, templates: ReadonlyArray<{ host: string; method: string; path: string }>): Promise<string[]> {
  if (templates.length === 0) return [];
  const index = indexShadowTemplates(templates.map((t) => ({ host: t.host, method: t.method, pathTemplate: t.path, requestCount: 0 })));
  const ids: string[] = [];
  for (let i = 0; i < templates.length; i += 100) {
    const where = templates.slice(i, i + 100).map((t) => ({ host: t.host, method: t.method, pathTemplate: { startsWith: literalPrefix(t.path) } }));
    const rows = await client.endpoint.findMany({ where: { state: 'shadow', OR: where }, select: { id: true, host: true, method: true, pathTemplate: true } });
    // Requests 0: every structural cover counts as a candidate; the busy-literal rule is classification's.
    for (const r of rows) if (coveringTemplate(index, r.host, r.method, r.pathTemplate, 0)) ids.push(r.id);
  }
  return [...new Set(ids)];
}

/** `/members/{memberId}/orders` → `/members/`: what every path the template covers starts with. */
function literalPrefix(template: string): string {
  const segments = splitPath(template);
  const first = segments.findIndex((s) => s.includes('{'));
  return `/${segments.slice(0, first === -1 ? segments.length : first).map((s) => `${s}/`).join('')}`;
}
