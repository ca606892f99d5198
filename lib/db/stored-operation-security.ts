import { securityRows } from '../inventory/scope-alternatives';
import { db } from './client';
import { normalisedSpecOf, operationKey } from './spec-catalog';

/**
 * Until 7 Dec an Operation row stored one row per scheme of each security requirement, so `{}` (anonymous callers
 * allowed) left none, and readers parsed the spec again to find it. They read the rows alone now
 * (lib/db/operation-security.ts): applied once at serve's start, each stored spec that may say `{}` is read again and
 * its operations allowing anonymous callers get today's rows (lib/inventory/scope-alternatives.ts securityRows). A
 * spec that no longer loads keeps its rows, read as requiring credentials as they were before the spec was consulted.
 */
export async function rereadStoredOperationSecurity(): Promise<{ changed: number }> {
  // Every spelling of an empty requirement has an empty mapping in it: YAML's `- {}` or `[{}]`, JSON's `{}`.
  const specs = await db().spec.findMany({ where: { OR: [{ raw: { contains: '{}' } }, { raw: { contains: '{ }' } }] }, select: { id: true }, orderBy: { id: 'asc' } });
  let changed = 0;
  for (const { id } of specs) {
    const spec = await normalisedSpecOf(db(), id);
    if (!spec) continue;
    const read = new Map(spec.operations.map((op) => [operationKey(op.method, op.path), op]));
    const rows = await db().operation.findMany({ where: { specId: id }, select: { id: true, method: true, pathTemplate: true, security: true } });
    for (const row of rows) {
      const op = read.get(operationKey(row.method, row.pathTemplate));
      if (!op || !op.security.some((r) => Object.keys(r.schemes).length === 0)) continue;
      if (Array.isArray(row.security) && row.security.some((r) => (r as { anonymous?: unknown } | null)?.anonymous === true)) continue;
      await db().operation.update({ where: { id: row.id }, data: { security: securityRows(op.security, (scheme) => spec.securitySchemes[scheme]?.type ?? 'unknown') } });
      changed++;
    }
  }
  return { changed };
}
