import { auditActorLabel, type AuditActor } from '../auth/roles';
import type { AuditQuery } from '../inventory/audit-query';
import { db } from './client';
import type { DbClient } from './spec-catalog';

/** `client`: a transaction, so that the change and its event are written together or not at all. */
export function recordAuditEvent(
  input: {
    actor: AuditActor;
    action: string;
    targetType: string;
    targetId?: string;
    summary: string;
  },
  client: DbClient = db(),
) {
  return client.auditEvent.create({
    data: {
      actor: auditActorLabel(input.actor),
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId,
      summary: input.summary,
    },
  });
}

export function listAuditEvents(take = 100) {
  return db().auditEvent.findMany({ orderBy: { at: 'desc' }, take });
}

/** A page of the audit log, newest first; the id breaks ties between events of the same millisecond so pages never overlap. */
export async function listAuditEventPage({ page, pageSize }: AuditQuery) {
  const [items, total] = await Promise.all([
    db().auditEvent.findMany({ orderBy: [{ at: 'desc' }, { id: 'desc' }], skip: (page - 1) * pageSize, take: pageSize }),
    db().auditEvent.count(),
  ]);
  return { items, total, page, pageSize };
}
