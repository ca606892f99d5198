import { db } from './client';

export async function listApis() {
  const rows = await db().api.findMany({
    orderBy: { name: 'asc' },
    include: {
      ownerTeam: { select: { slug: true, name: true } },
      specs: { where: { isCurrent: true }, select: { version: true, uploadedAt: true } },
      _count: { select: { endpoints: true } },
    },
  });
  return rows.map((a) => ({
    id: a.id,
    slug: a.slug,
    name: a.name,
    description: a.description,
    ownerTeam: a.ownerTeam,
    hosts: a.hosts as string[],
    environment: a.environment,
    lifecycle: a.lifecycle,
    currentVersion: a.specs[0]?.version ?? null,
    endpointCount: a._count.endpoints,
  }));
}
