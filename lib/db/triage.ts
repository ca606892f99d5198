import { z } from 'zod';
import { canActForTeam } from '../auth/permissions';
import { principalLabel, type Principal } from '../auth/roles';
import { db } from './client';
import { lockForInventoryWrite } from './write-lock';

/**
 * Triage is a human decision about one endpoint; ingest never writes these columns, so it survives re-ingest, and
 * folding rows keeps the most decided triage (endpoint-fold.ts), so it survives re-templating.
 */
// Strict: a note sent as `reason` was dropped, and the triage recorded without it.
export const triageInputSchema = z.strictObject({
  triage: z.enum(['acknowledged', 'ignored', 'adopted', 'new']),
  note: z.string().max(2000).optional(),
});
export type TriageInput = z.infer<typeof triageInputSchema>;

export type TriageResult = { status: 'not-found' } | { status: 'forbidden' } | { status: 'updated'; endpoint: { id: string; triage: string; triageNote: string | null } };

/**
 * Reads the endpoint and writes its triage and audit event under the inventory write lock, so two changes made at
 * once each say the state they really moved from (`new → acknowledged`, then `acknowledged → ignored`). It waits
 * behind a running ingest batch (up to a minute, as other inventory writes do), not Prisma's default 5 s.
 */
export async function setTriage(endpointId: string, input: TriageInput, actor: Principal): Promise<TriageResult> {
  return db().$transaction(async (tx): Promise<TriageResult> => {
    await lockForInventoryWrite(tx);
    const row = await tx.endpoint.findUnique({ where: { id: endpointId }, select: { id: true, host: true, method: true, pathTemplate: true, ownerTeamId: true, triage: true } });
    if (!row) return { status: 'not-found' };
    if (!canActForTeam(actor, row.ownerTeamId)) return { status: 'forbidden' };
    const updated = await tx.endpoint.update({ where: { id: endpointId }, data: { triage: input.triage, triageNote: input.note ?? null }, select: { id: true, triage: true, triageNote: true } });
    await tx.auditEvent.create({
      data: {
        actor: principalLabel(actor),
        action: 'endpoint.triage',
        targetType: 'endpoint',
        targetId: endpointId,
        summary: `${row.method} ${row.host}${row.pathTemplate}: ${row.triage} → ${input.triage}${input.note ? ` (${input.note.slice(0, 200)})` : ''}`,
      },
    });
    return { status: 'updated', endpoint: updated };
  }, { timeout: 60_000, maxWait: 60_000 });
}
