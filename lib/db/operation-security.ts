import type { SpecOperation } from '../openapi/spec-model';
import { storedRequirements } from '../inventory/scope-alternatives';
import { normalisedSpecOf, operationKey, type DbClient } from './spec-catalog';

type OperationRow = { id: string; method: string; pathTemplate: string; security: unknown };

/**
 * Each operation's security requirements as its spec says them. The Operation rows keep one row per scheme of each
 * requirement, so `{}` (anonymous callers allowed, `security: [{}, {oauth: [...]}]`) left nothing there, and until
 * 7 Dec the APIs page's posture and the endpoint page read such an operation as requiring credentials. The spec is
 * read once per process (spec-catalog.ts caches it); a spec that no longer loads falls back to the rows.
 */
export async function operationSecurity(client: DbClient, specId: string, operations: readonly OperationRow[]): Promise<Map<string, SpecOperation['security']>> {
  const spec = await normalisedSpecOf(client, specId);
  const fromSpec = new Map<string, SpecOperation['security']>();
  for (const op of spec?.operations ?? []) if (!fromSpec.has(operationKey(op.method, op.path))) fromSpec.set(operationKey(op.method, op.path), op.security);
  return new Map(operations.map((o) => [o.id, fromSpec.get(operationKey(o.method, o.pathTemplate)) ?? storedRequirements(o.security)]));
}
