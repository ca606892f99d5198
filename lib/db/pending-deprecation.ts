import { operationIdentities } from './operation-identity';
import type { DbClient } from './spec-catalog';

/**
 * The deprecation request pending review for this operation, filed against any version of its spec (one pending
 * request per operation: deprecations.ts refuses a second), or undefined. The endpoint page says it is pending
 * instead of offering a form whose request could only be refused.
 */
export async function pendingDeprecation(client: DbClient, op: { method: string; pathTemplate: string; apiId: string; specId: string }): Promise<{ proposedSunset: string | null } | undefined> {
  const pending = await client.deprecationRequest.findMany({
    where: { status: 'pending', operation: { method: op.method, spec: { apiId: op.apiId } } },
    select: { proposedSunset: true, operation: { select: { specId: true, method: true, pathTemplate: true } } },
    orderBy: { createdAt: 'asc' },
  });
  const identityOf = await operationIdentities(client, [op, ...pending.flatMap((d) => (d.operation ? [{ ...d.operation, apiId: op.apiId }] : []))]);
  const identity = identityOf(op);
  const found = pending.find((d) => d.operation && identityOf({ ...d.operation, apiId: op.apiId }) === identity);
  return found && { proposedSunset: found.proposedSunset?.toISOString().slice(0, 10) ?? null };
}
