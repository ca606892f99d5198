import { db } from './client';

export async function listSpecs() {
  const rows = await db().spec.findMany({
    orderBy: { uploadedAt: 'desc' },
    select: { id: true, version: true, format: true, isCurrent: true, uploadedAt: true, api: { select: { name: true, slug: true } }, uploadedBy: { select: { email: true } }, _count: { select: { operations: true } } },
  });
  return rows.map((s) => ({ ...s, operationCount: s._count.operations }));
}
