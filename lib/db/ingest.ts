import { randomUUID } from 'node:crypto';
import type { IngestBatch } from '../inventory/observation';
import { mergeLatency, readLatency } from '../discovery/latency-summary';
import { isUnlisted, onlyNotFound } from '../discovery/unlisted-shadows';
import { addCounts, mergeStoredEvidence, unionCapped, type CountMap, type StoredEvidence } from '../inventory/merge-evidence';
import { db, type Db } from './client';
import { pendingBatchCounts } from './batch-classification';
import { databaseKind } from './database-url';
import { endpointFacets } from './endpoint-facets';
import { inLayoutOfInput } from './input-sets';
import { KEY_LOOKUP_CHUNK, keyOf } from './endpoint-key';
import { jsonColumn } from './json-column';
import { storedObservations } from './stored-observations';
import { env } from '../env';
import { withStorableText } from '../inventory/storable-text';
import { latencyColumns } from './latency-columns';

export interface IngestResult {
  status: 'applied' | 'duplicate';
  created: string[];
  updated: string[];
  /**
   * Updated rows whose statuses this batch took from 404/405 only to a first real answer: a scanner's probe path that
   * now answers is a shadow `discover` lists, so it gets the new-shadow alert it was spared (unlisted-shadows.ts).
   */
  surfaced: string[];
  /** Templates (with a parameter) this batch stored for the first time: literals stored before may belong to them. */
  newTemplates: Array<{ host: string; method: string; path: string }>;
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

export const INGEST_LOCK = 7_226_864;

/**
 * Applies one batch of observations exactly once. The idempotency key is inserted in the same transaction as the
 * counts, so a batch is either fully counted or not at all, and a retry of a counted batch is refused by the unique
 * key. Ingest transactions are serialised (PostgreSQL advisory lock; SQLite's single writer) because endpoint JSON
 * counters are read-modified-written: concurrent pushers must never lose an increment.
 */
export async function applyIngestBatch(received: IngestBatch): Promise<IngestResult> {
  const batch = withStorableText(received);
  const postgres = databaseKind(env().DATABASE_URL) === 'postgres';
  try {
    return await db().$transaction(
      async (tx) => {
        if (postgres) await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${INGEST_LOCK})`);
        // The first statement writes, so SQLite takes its write lock now rather than upgrading later (which can fail).
        await tx.ingestBatch.create({
          data: { idempotencyKey: batch.idempotencyKey, counts: pendingBatchCounts(batch) },
        });
        if (batch.inputSet && !(await inLayoutOfInput(tx, batch.inputSet))) throw new OtherLayout();
        // A file's batch keyed by its content too: counted under that key already (the same bytes through a pipe), it
        // is a duplicate (the key's unique row); else the key is kept, and a pipe of the same bytes later is one.
        // (One naming itself, sent by no collector of ours, would be refused as its own duplicate for good: ignored.)
        if (batch.alias && batch.alias.idempotencyKey !== batch.idempotencyKey) {
          await tx.ingestBatch.create({ data: { idempotencyKey: batch.alias.idempotencyKey, counts: jsonColumn({ aliasOf: batch.idempotencyKey }) } });
          if (!(await inLayoutOfInput(tx, batch.alias.inputSet))) throw new OtherLayout();
        }
        const collector = await upsertCollector(tx, batch);
        await tx.ingestBatch.update({ where: { idempotencyKey: batch.idempotencyKey }, data: { collectorId: collector.id } });
        return { status: 'applied' as const, ...(await applyObservations(tx, batch.observations, postgres)) };
      },
      { timeout: 120_000, maxWait: 60_000 },
    );
  } catch (err) {
    if (isDuplicateBatch(err) || err instanceof OtherLayout) return { status: 'duplicate', created: [], updated: [], surfaced: [], newTemplates: [] };
    throw err;
  }
}

/** The batch's input was counted in other batches: nothing of the transaction is kept. */
class OtherLayout extends Error {}

function isDuplicateBatch(err: unknown): boolean {
  const e = err as { code?: string; meta?: { target?: unknown; modelName?: string } };
  if (e?.code !== 'P2002') return false;
  const target = JSON.stringify(e.meta ?? {});
  return target.includes('idempotencyKey') || target.includes('IngestBatch');
}

async function upsertCollector(tx: Tx, batch: IngestBatch) {
  const existing = await tx.collector.findUnique({ where: { name: batch.collector.name } });
  // The batch's own stats after, never over, what the server counts itself (a batch could set its counts).
  // `requests` is what the inventory counted from it, `exchanges` what it read (records no endpoint counts too).
  const requests = batch.observations.reduce((n, o) => n + o.evidence.requests, 0);
  const counters = addCounts((existing?.counters ?? {}) as CountMap, { ...batch.stats, batches: 1, observations: batch.observations.length, requests });
  // One run of captures, logs and HARs sends a batch per input, each of its kind: until 6 Dec the last one's stood for
  // the collector (`pcap` for all of them). A collector that has sent more than one kind is `mixed`.
  const kind = existing && existing.kind !== batch.collector.kind ? 'mixed' : batch.collector.kind;
  return existing
    ? tx.collector.update({ where: { id: existing.id }, data: { lastSeenAt: new Date(), counters: jsonColumn(counters), kind } })
    : tx.collector.create({ data: { name: batch.collector.name, kind: batch.collector.kind, lastSeenAt: new Date(), counters: jsonColumn(counters) } });
}

type Observation = IngestBatch['observations'][number];
type EndpointRow = Awaited<ReturnType<Tx['endpoint']['findMany']>>[number];


/**
 * Applies all observations of a batch with a handful of statements per chunk: existing rows read in one query,
 * new rows inserted with one createMany, daily counters with one multi-row upsert. Only rows that already existed
 * need a statement each (their JSON counters are merged in code).
 */
async function applyObservations(tx: Tx, observations: Observation[], postgres: boolean): Promise<Omit<IngestResult, 'status'>> {
  const out: Omit<IngestResult, 'status'> = { created: [], updated: [], surfaced: [], newTemplates: [] };
  const all = await storedObservations(tx, observations);
  for (let i = 0; i < all.length; i += KEY_LOOKUP_CHUNK) {
    const chunk = all.slice(i, i + KEY_LOOKUP_CHUNK);
    const existing = await tx.endpoint.findMany({
      where: { host: { in: [...new Set(chunk.map((o) => o.host))] }, pathTemplate: { in: [...new Set(chunk.map((o) => o.path))] } },
    });
    const byKey = new Map<string, EndpointRow>(existing.map((e) => [keyOf(e.host, e.method, e.pathTemplate), e]));
    const creates: ReturnType<typeof newEndpoint>[] = [];
    const daily: { id: string; day: string; requests: number; errors: number; unauthenticated: number }[] = [];
    for (const o of chunk) {
      const row = byKey.get(keyOf(o.host, o.method, o.path));
      const id = row ? await updateEndpoint(tx, row, o, out.surfaced) : randomUUID();
      if (!row) creates.push(newEndpoint(id, o));
      if (!row && o.path.includes('{')) out.newTemplates.push({ host: o.host, method: o.method, path: o.path });
      (row ? out.updated : out.created).push(id);
      for (const [day, c] of Object.entries(o.daily)) daily.push({ id, day, ...c });
    }
    if (creates.length > 0) await tx.endpoint.createMany({ data: creates });
    await upsertDailyStats(tx, daily, postgres);
  }
  return out;
}

function newEndpoint(id: string, o: Observation) {
  const e = o.evidence;
  const now = new Date();
  return {
    id,
    host: o.host,
    method: o.method,
    pathTemplate: o.path,
    firstSeen: e.firstSeen ? new Date(e.firstSeen) : now,
    lastSeen: e.lastSeen ? new Date(e.lastSeen) : now,
    requestCount: BigInt(e.requests),
    statusCounts: jsonColumn(e.statuses),
    authCounts: jsonColumn(e.authKinds),
    sensitiveTags: unionCapped([], e.sensitive, 64),
    examplePaths: unionCapped([], o.examplePaths, 5),
    evidence: jsonColumn(mergeStoredEvidence({}, o)),
    ...(e.latency && e.latency.count > 0 ? latencyColumns(e.latency) : {}),
    ...endpointFacets(e.authKinds, e.sensitive),
    state: 'shadow',
    // Every new row is a shadow until classified (reclassify.ts writes the column again with the state).
    unlisted: isUnlisted({ state: 'shadow', method: o.method, statuses: e.statuses }),
  };
}

async function updateEndpoint(tx: Tx, row: EndpointRow, o: Observation, surfaced: string[]): Promise<string> {
  const e = o.evidence;
  const statusCounts = addCounts(row.statusCounts as CountMap, e.statuses);
  // Read under the ingest lock, so exactly one batch sees the row leave 404/405-only.
  if (onlyNotFound(row.statusCounts as CountMap) && !onlyNotFound(statusCounts)) surfaced.push(row.id);
  const first = e.firstSeen ? new Date(e.firstSeen) : undefined;
  const last = e.lastSeen ? new Date(e.lastSeen) : undefined;
  const authCounts = addCounts(row.authCounts as CountMap, e.authKinds);
  const sensitiveTags = unionCapped(row.sensitiveTags as string[], e.sensitive, 64);
  // A batch from a source that times nothing (or a collector before 6 Dec) leaves the stored latencies as they are.
  const latency = e.latency && e.latency.count > 0 ? mergeLatency(readLatency(row.latency), e.latency) : undefined;
  await tx.endpoint.update({
    where: { id: row.id },
    data: {
      requestCount: { increment: BigInt(e.requests) },
      firstSeen: first && first < row.firstSeen ? first : undefined,
      lastSeen: last && last > row.lastSeen ? last : undefined,
      statusCounts: jsonColumn(statusCounts),
      unlisted: isUnlisted({ state: row.state, method: row.method, statuses: statusCounts }),
      authCounts: jsonColumn(authCounts),
      sensitiveTags,
      ...endpointFacets(authCounts, sensitiveTags),
      examplePaths: unionCapped(row.examplePaths as string[], o.examplePaths, 5),
      evidence: jsonColumn(mergeStoredEvidence(row.evidence as Partial<StoredEvidence>, o)),
      ...(latency && latencyColumns(latency)),
    },
  });
  return row.id;
}

/** One multi-row `INSERT … ON CONFLICT DO UPDATE` (same SQL on SQLite and PostgreSQL, but for placeholders). */
async function upsertDailyStats(tx: Tx, rows: { id: string; day: string; requests: number; errors: number; unauthenticated: number }[], postgres: boolean) {
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    let n = 0;
    const ph = () => (postgres ? `$${++n}` : '?');
    const values = chunk.map(() => `(${ph()}, ${ph()}, ${ph()}, ${ph()}, ${ph()})`).join(', ');
    const params = chunk.flatMap((r) => [r.id, r.day, r.requests, r.errors, r.unauthenticated]);
    await tx.$executeRawUnsafe(
      `INSERT INTO "EndpointDailyStat" ("endpointId", "day", "requests", "errors", "unauthenticated") VALUES ${values}
       ON CONFLICT ("endpointId", "day") DO UPDATE SET
         "requests" = "EndpointDailyStat"."requests" + excluded."requests",
         "errors" = "EndpointDailyStat"."errors" + excluded."errors",
         "unauthenticated" = "EndpointDailyStat"."unauthenticated" + excluded."unauthenticated"`,
      ...params,
    );
  }
}
