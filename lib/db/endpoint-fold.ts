import { endpointFacets } from './endpoint-facets';
import { jsonColumn } from './json-column';
import { addCounts, combineStoredEvidence, EMPTY_EVIDENCE, unionCapped, type CountMap, type StoredEvidence } from '../inventory/merge-evidence';
import { mergeLatency, readLatency, type LatencySummary } from '../discovery/latency-summary';
import type { Tx } from './spec-catalog';
import { redactNamedSecrets } from '../security/redact-named-secrets';
import { latencyColumns } from './latency-columns';
import { isUnlisted } from '../discovery/unlisted-shadows';

/**
 * Folds stored endpoints into one row: what a merge override, or a spec adopting a differently named template,
 * does to rows that turn out to be the same endpoint. Counts, status/auth maps and daily stats are summed exactly;
 * sets are unioned with the ingest caps; the most decided triage survives; alerts and deprecation requests move to
 * the kept row. Runs inside the caller's transaction.
 */
export type EndpointRow = NonNullable<Awaited<ReturnType<Tx['endpoint']['findUnique']>>>;

/** A human decision outranks `new`; among decisions, adopting or ignoring is more final than acknowledging. */
const TRIAGE_RANK: Record<string, number> = { new: 0, acknowledged: 1, ignored: 2, adopted: 3 };

export async function foldEndpoints(tx: Tx, keeper: EndpointRow, sources: readonly EndpointRow[], pathTemplate: string): Promise<EndpointRow> {
  const all = [keeper, ...sources];
  const decided = [...all].sort((a, b) => (TRIAGE_RANK[b.triage] ?? 0) - (TRIAGE_RANK[a.triage] ?? 0))[0];
  const ids = sources.map((s) => s.id);
  if (ids.length > 0) {
    const stats = await tx.endpointDailyStat.findMany({ where: { endpointId: { in: ids } } });
    for (const s of stats) {
      await tx.endpointDailyStat.upsert({
        where: { endpointId_day: { endpointId: keeper.id, day: s.day } },
        create: { endpointId: keeper.id, day: s.day, requests: s.requests, errors: s.errors, unauthenticated: s.unauthenticated },
        update: { requests: { increment: s.requests }, errors: { increment: s.errors }, unauthenticated: { increment: s.unauthenticated } },
      });
    }
    await tx.alert.updateMany({ where: { endpointId: { in: ids } }, data: { endpointId: keeper.id } });
    await tx.deprecationRequest.updateMany({ where: { endpointId: { in: ids } }, data: { endpointId: keeper.id } });
    await tx.endpoint.deleteMany({ where: { id: { in: ids } } });
  }
  const authCounts = all.reduce<CountMap>((m, r) => addCounts(m, r.authCounts as CountMap), {});
  const sensitiveTags = all.reduce<string[]>((s, r) => unionCapped(s, r.sensitiveTags as string[], 64), []);
  const latency = all.reduce<LatencySummary | undefined>((l, r) => mergeLatency(l, readLatency(r.latency)), undefined);
  const statusCounts = all.reduce<CountMap>((m, r) => addCounts(m, r.statusCounts as CountMap), {});
  return tx.endpoint.update({
    where: { id: keeper.id },
    data: {
      pathTemplate,
      ...endpointFacets(authCounts, sensitiveTags),
      requestCount: all.reduce((n, r) => n + r.requestCount, 0n),
      firstSeen: new Date(Math.min(...all.map((r) => r.firstSeen.getTime()))),
      lastSeen: new Date(Math.max(...all.map((r) => r.lastSeen.getTime()))),
      statusCounts: jsonColumn(statusCounts),
      // With the keeper's state: a reclassification that changes it writes the column again (reclassify.ts fieldsOf).
      unlisted: isUnlisted({ state: keeper.state, method: keeper.method, statuses: statusCounts }),
      authCounts: jsonColumn(authCounts),
      sensitiveTags,
      // Re-keyed to a spec's template, a value may sit under a parameter the spec names as a credential (`{key}`).
      examplePaths: [...redactNamedSecrets(pathTemplate, all.reduce<string[]>((s, r) => unionCapped(s, r.examplePaths as string[], 5), []))],
      evidence: jsonColumn(all.reduce<StoredEvidence>((e, r) => combineStoredEvidence(e, r.evidence as Partial<StoredEvidence>), EMPTY_EVIDENCE)),
      ...(latency && latencyColumns(latency)),
      triage: decided.triage,
      triageNote: decided.triageNote,
    },
  });
}
