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
  return rows.map(({ _count, uploadedAt, uploadedBy, ...s }) => ({ ...s, uploadedAt: uploadedAt.toISOString(), uploadedBy: uploadedBy?.email ?? null, operationCount: _count.operations }));
}
