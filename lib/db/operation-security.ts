import type { SpecOperation } from '../openapi/spec-model';
import { storedRequirements } from '../inventory/scope-alternatives';

type OperationRow = { id: string; security: unknown };

/**
 * Each operation's security requirements as its spec says them, `{}` (anonymous callers allowed,
 * `security: [{}, {oauth: [...]}]`) included: from its Operation row, which since 7 Dec stores `{}` as a row of its
 * own (lib/inventory/scope-alternatives.ts securityRows). Until then the row left it out and the spec was parsed again
 * for every page that asked, seconds for a large one after each restart; rows stored before are re-read from their
 * spec at serve's start (lib/db/stored-operation-security.ts).
 */
export function operationSecurity(operations: readonly OperationRow[]): Map<string, SpecOperation['security']> {
  return new Map(operations.map((o) => [o.id, storedRequirements(o.security)]));
}
