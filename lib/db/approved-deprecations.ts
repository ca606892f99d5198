import { operationIdentities, operationIdentity } from './operation-identity';
import type { DbClient, SpecCatalog } from './spec-catalog';

/**
 * Endpoint and Operation row ids under an approved deprecation whose sunset (if any) has passed → that sunset, and
 * the current spec's copy of each approved operation → null (deprecated now, as approval marked the row it named).
 *
 * An approval names the Operation row of the spec version it was filed against, but every version of a spec has its
 * own rows: once v2 is pushed (or an older version restored) the endpoints match the new rows, and keyed by the old
 * row alone the approval stopped counting (a zombie went back to documented). So each approval is also carried to
 * the current spec's operation of the same API with the same method and normalised path (`{id}` ≡ `{entryId}`, as
 * spec diffs key them), or served at the same URL path (operation-identity.ts); a version that drops the operation
 * leaves nothing to carry it to.
 */
export async function loadApprovedDeprecations(client: DbClient, catalog: SpecCatalog, now: Date): Promise<Map<string, Date | null>> {
  const approved = await client.deprecationRequest.findMany({
    where: { status: 'approved' },
    select: { endpointId: true, operationId: true, proposedSunset: true, operation: { select: { specId: true, method: true, pathTemplate: true, spec: { select: { apiId: true } } } } },
  });
  const refOf = (o: NonNullable<(typeof approved)[number]['operation']>) => ({ specId: o.specId, apiId: o.spec.apiId, method: o.method, pathTemplate: o.pathTemplate });
  const identityOf = await operationIdentities(client, approved.flatMap((d) => (d.operation ? [refOf(d.operation)] : [])), catalog);
  const current = new Map<string, string>();
  for (const spec of catalog.specs.values()) {
    for (const [key, op] of spec.operations) {
      const space = key.indexOf(' ');
      current.set(operationIdentity(spec.apiId, key.slice(0, space), key.slice(space + 1)), op.id);
    }
  }
  const ids = new Map<string, Date | null>();
  for (const d of approved) {
    const due = d.proposedSunset === null || d.proposedSunset <= now;
    if (due) for (const id of [d.endpointId, d.operationId]) if (id) ids.set(id, d.proposedSunset);
    // Approval marked the row `deprecated` (a zombie when called, whatever the sunset): its later copies are too.
    const carried = d.operation && current.get(identityOf(refOf(d.operation)));
    if (carried) ids.set(carried, null);
  }
  return ids;
}

/**
 * The approval that deprecates this operation row by carrying (one filed against another version of its spec), with
 * the sunset it set, or undefined: what the endpoint page says of a zombie whose own row approval never marked.
 */
export async function carriedApproval(client: DbClient, op: { id: string; method: string; pathTemplate: string; apiId: string; specId: string }): Promise<{ sunset: Date | null } | undefined> {
  const approved = await client.deprecationRequest.findMany({
    where: { status: 'approved', operationId: { not: op.id }, operation: { method: op.method, spec: { apiId: op.apiId } } },
    select: { proposedSunset: true, operation: { select: { specId: true, method: true, pathTemplate: true } } },
    orderBy: { decidedAt: 'asc' },
  });
  const refs = approved.flatMap((d) => (d.operation ? [{ ...d.operation, apiId: op.apiId }] : []));
  const identityOf = await operationIdentities(client, [op, ...refs]);
  const identity = identityOf(op);
  const found = approved.find((d) => d.operation && identityOf({ ...d.operation, apiId: op.apiId }) === identity);
  return found && { sunset: found.proposedSunset };
}

/**
 * The approved deprecation filed from this endpoint, with the operation it named: what the endpoint page says of a
 * zombie no current operation documents (the approval holds for the endpoint once a later version drops it).
 */
export async function endpointApproval(client: DbClient, endpointId: string): Promise<{ method: string; path: string; sunset: Date | null } | undefined> {
  const approved = await client.deprecationRequest.findFirst({
    where: { status: 'approved', endpointId },
    orderBy: { decidedAt: 'desc' },
    select: { proposedSunset: true, operation: { select: { method: true, pathTemplate: true } } },
  });
  return approved?.operation ? { method: approved.operation.method, path: approved.operation.pathTemplate, sunset: approved.proposedSunset } : undefined;
}
