import { principalLabel, type Principal } from '../auth/roles';
import { db } from './client';

export function recordAuditEvent(input: {
  actor: Principal | 'system';
  action: string;
  targetType: string;
  targetId?: string;
  summary: string;
}) {
  return db().auditEvent.create({
    data: {
      actor: input.actor === 'system' ? 'system' : principalLabel(input.actor),
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
