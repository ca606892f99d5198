import { auditActorText } from '../auth/roles';
import { db } from './client';

export async function listSpecs() {
  const rows = await db().spec.findMany({
    orderBy: { uploadedAt: 'desc' },
    select: { id: true, version: true, format: true, isCurrent: true, uploadedAt: true, api: { select: { name: true, slug: true } }, uploadedBy: { select: { email: true } }, _count: { select: { operations: true } } },
  });
  return rows.map((s) => ({ ...s, operationCount: s._count.operations }));
}

/** An API's spec versions, newest first, with the diff each one stored against its predecessor. */
export async function listSpecVersions(apiSlug: string) {
  const api = await db().api.findUnique({ where: { slug: apiSlug }, select: { id: true } });
  if (!api) return null;
  const rows = await db().spec.findMany({
    where: { apiId: api.id },
    orderBy: [{ uploadedAt: 'desc' }, { id: 'desc' }],
    select: { id: true, version: true, format: true, contentHash: true, isCurrent: true, uploadedAt: true, diffSummary: true, uploadedBy: { select: { email: true } }, _count: { select: { operations: true } } },
  });
  const pushers = await pushersOf(rows.filter((r) => !r.uploadedBy).map((r) => r.id));
  return rows.map(({ _count, uploadedAt, uploadedBy, ...s }) => ({ ...s, uploadedAt: uploadedAt.toISOString(), uploadedBy: uploadedBy?.email ?? pushers.get(s.id) ?? null, operationCount: _count.operations }));
}

/**
 * Who last registered or restored each version when no account did (Spec.uploadedById names users only): the audit
 * event's actor, `token ci-publisher` or `CLI (local)`. Until 7 Dec such versions named no uploader. A version whose
 * user was deleted says nothing, as before: its event names an account that is gone.
 */
async function pushersOf(specIds: string[]): Promise<Map<string, string>> {
  if (specIds.length === 0) return new Map();
  const events = await db().auditEvent.findMany({
    where: { targetType: 'spec', targetId: { in: specIds }, action: { in: ['spec.register', 'spec.restore'] } },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
    select: { targetId: true, actor: true },
  });
  const pushers = new Map<string, string>();
  for (const e of events) {
    const text = e.actor.startsWith('token:') ? `token ${e.actor.slice('token:'.length)}` : e.actor === 'cli' ? auditActorText(e.actor) : undefined;
    if (text) pushers.set(e.targetId!, text);
    else pushers.delete(e.targetId!);
  }
  return pushers;
}
