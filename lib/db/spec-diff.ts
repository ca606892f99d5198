import { z } from 'zod';
import { operationPathKey } from '../openapi/path-template';

/**
 * What changed between two versions of one API's spec, at operation level. Paths are keyed by their normalised
 * template (`{id}` → `{}`, Optic's rule) without its trailing slash, so renaming a parameter or dropping a slash is
 * not an add plus a remove.
 */
export const operationRefSchema = z.object({ method: z.string(), path: z.string(), operationId: z.string().optional() });
export type OperationRef = z.infer<typeof operationRefSchema>;

export const specDiffSummarySchema = z.object({
  previousSpecId: z.string().nullable(),
  previousVersion: z.string().nullable(),
  added: z.array(operationRefSchema),
  removed: z.array(operationRefSchema),
  newlyDeprecated: z.array(operationRefSchema),
});
export type SpecDiffSummary = z.infer<typeof specDiffSummarySchema>;

interface DiffOperation extends OperationRef {
  deprecated: boolean;
}

export function diffOperations(
  previous: { id: string; version: string; operations: readonly DiffOperation[] } | null,
  next: readonly DiffOperation[],
): SpecDiffSummary {
  const key = (o: OperationRef) => `${o.method.toUpperCase()} ${operationPathKey(o.path)}`;
  const before = new Map((previous?.operations ?? []).map((o) => [key(o), o]));
  const after = new Map(next.map((o) => [key(o), o]));
  const ref = ({ method, path, operationId }: DiffOperation): OperationRef => ({ method, path, ...(operationId ? { operationId } : {}) });
  const sorted = (list: DiffOperation[]) => list.map(ref).sort((a, b) => (a.path === b.path ? (a.method < b.method ? -1 : 1) : a.path < b.path ? -1 : 1));
  return {
    previousSpecId: previous?.id ?? null,
    previousVersion: previous?.version ?? null,
    added: sorted([...after].filter(([k]) => !before.has(k)).map(([, o]) => o)),
    removed: sorted([...before].filter(([k]) => !after.has(k)).map(([, o]) => o)),
    newlyDeprecated: sorted([...after].filter(([k, o]) => o.deprecated && before.has(k) && !before.get(k)!.deprecated).map(([, o]) => o)),
  };
}
