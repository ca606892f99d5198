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

/** One API with its owner, current spec and endpoint counts by state (ignored endpoints and unlisted shadows excluded). */
export async function getApi(slug: string) {
  const api = await db().api.findUnique({
    where: { slug },
    include: {
      ownerTeam: { select: { slug: true, name: true } },
      specs: { where: { isCurrent: true }, select: { id: true, version: true, format: true, uploadedAt: true, _count: { select: { operations: true } } } },
      _count: { select: { specs: true } },
    },
  });
  if (!api) return null;
  // As the APIs page and `check` count them: not the 404/405-only and preflight shadows (Endpoint.unlisted).
  const byState = await db().endpoint.groupBy({ by: ['state'], where: { apiId: api.id, ignoredById: null, unlisted: false }, _count: { _all: true } });
  const current = api.specs[0];
  return {
    id: api.id,
    slug: api.slug,
    name: api.name,
    description: api.description,
    ownerTeam: api.ownerTeam,
    hosts: api.hosts as string[],
    environment: api.environment,
    lifecycle: api.lifecycle,
    currentSpec: current
      ? { id: current.id, version: current.version, format: current.format, uploadedAt: current.uploadedAt.toISOString(), operationCount: current._count.operations }
      : null,
    specCount: api._count.specs,
    endpointsByState: Object.fromEntries(byState.map((g) => [g.state, g._count._all])) as Record<string, number>,
  };
}
