import { DEMO_APIS, DEMO_TEAMS, demoSpecDocument } from '../demo/demo-estate';
import { generateDemoTraffic } from '../demo/demo-traffic';
import { createObservationAggregator } from '../inventory/aggregate-observations';
import { planBatches } from '../inventory/batches';
import { recordAuditEvent } from './audit';
import { db } from './client';
import { ingestBatch } from './ingest-pipeline';
import { loadSpecCatalog } from './spec-catalog';
import { registerSpec } from './spec-registry';
import { formatCount } from '../format-count';

/**
 * Seeds the demo estate into an empty database through the real pipeline: the demo specs are registered like an
 * owner would, and generated sample traffic goes through the discovery engine and the ingest path like a
 * collector's. Returns false (and does nothing) when the database already has APIs or endpoints.
 */
export async function seedDemoEstate(now = new Date()): Promise<boolean> {
  if ((await db().endpoint.count()) > 0 || (await db().api.count()) > 0) return false;
  for (const t of DEMO_TEAMS) await db().team.upsert({ where: { slug: t.slug }, create: t, update: {} });
  for (const api of DEMO_APIS) {
    const result = await registerSpec({ apiSlug: api.slug, text: JSON.stringify(demoSpecDocument(api), null, 2), version: api.version, ownerTeam: api.team, actor: 'system' });
    if (result.status === 'invalid' || result.status === 'forbidden') throw new Error(`demo spec ${api.slug} was refused: ${JSON.stringify(result)}`);
    await db().api.update({ where: { slug: api.slug }, data: { description: api.description } });
  }
  const catalog = await loadSpecCatalog(db());
  const aggregator = createObservationAggregator({ specs: [...catalog.specs.values()].map((s) => s.spec) });
  for (const ex of generateDemoTraffic(now)) aggregator.add(ex);
  const batches = planBatches({ inputFingerprint: `demo:${now.toISOString()}`, collector: { name: 'demo-traffic', kind: 'mixed' }, observations: aggregator.observations(now), exchanges: aggregator.exchanges });
  for (const batch of batches) await ingestBatch(batch);
  await recordAuditEvent({ actor: 'system', action: 'demo.seed', targetType: 'estate', summary: `seeded ${DEMO_APIS.length} demo APIs from ${formatCount(aggregator.exchanges)} generated exchanges` });
  return true;
}
