import { createHash } from 'node:crypto';
import type { EndpointObservation, IngestBatch } from './observation';

export const MAX_OBSERVATIONS_PER_BATCH = 1000;
/** The server's default LANTERN_INGEST_MAX_BYTES. */
export const MAX_BATCH_BYTES = 32 * 1024 * 1024;
/** Room kept under the server's limit for `inputSet`, added once the batches are cut. */
const INPUT_SET_BYTES = 256;

/** The longest template a batch may carry (`endpointObservationSchema`); the tail of a longer one is a parameter. */
export const MAX_TEMPLATE_LENGTH = 2048;
const TRUNCATED = '/{truncated}';

/**
 * Cuts observations into batches whose idempotency keys depend only on what was read (the inputs' fingerprints)
 * and the batch's position: pushing the same files again, from any collector, produces the same keys, and the
 * server counts each key once.
 */
export function planBatches(input: {
  inputFingerprint: string;
  /**
   * The key the same bytes have through standard input (collectors/input-fingerprint.ts contentFingerprint), for a
   * file: each batch carries its key under it too (`alias`), so a pipe of the file's lines counts once with it.
   */
  aliasFingerprint?: string;
  collector: IngestBatch['collector'];
  observations: EndpointObservation[];
  exchanges: number;
  extraStats?: Record<string, number>;
  /** The server's LANTERN_INGEST_MAX_BYTES when it said it; batches within it are cut as they always were. */
  maxBytes?: number;
}): IngestBatch[] {
  const within = Math.min(input.maxBytes ?? MAX_BATCH_BYTES, MAX_BATCH_BYTES) - INPUT_SET_BYTES;
  const chunks: EndpointObservation[][] = [];
  const observations = input.observations.map(fitTemplate);
  for (let i = 0; i < observations.length; i += MAX_OBSERVATIONS_PER_BATCH) {
    chunks.push(observations.slice(i, i + MAX_OBSERVATIONS_PER_BATCH));
  }
  // `exchanges` is what the collector read: until 6 Dec it was the requests its batches counted, and an exchange no
  // endpoint counts (no method, a host-less CONNECT…) was said by the CLI (`165 exchanges`) but not by the
  // Collectors page (162). Those go with the first batch, which every layout of the input has once.
  const counted = observations.reduce((n, o) => n + o.evidence.requests, 0);
  const unplaced = Math.max(0, input.exchanges - counted);
  const batchOf = (observations: EndpointObservation[], key: string, first: boolean): IngestBatch => ({
    idempotencyKey: batchKey(input.inputFingerprint, key),
    collector: input.collector,
    observations,
    stats: {
      exchanges: observations.reduce((n, o) => n + o.evidence.requests, 0) + (first ? unplaced : 0),
      ...(first ? input.extraStats : {}),
    },
  });
  // Each batch with its place in the input (what its key is made from).
  const placed = chunks.flatMap((observations, index): Array<[IngestBatch, string]> => {
    const key = `${index}/${chunks.length}`;
    const whole = batchOf(observations, key, index === 0);
    if (Buffer.byteLength(JSON.stringify(whole)) <= within) return [[whole, key]];
    // Years of daily counts make an endpoint tens of KiB: a thousand of them passed the server's limit, and the batch
    // was refused whole (413) and set aside. Such a batch is cut in parts under the limit; a batch within it keeps
    // the key it always had, so what an older collector pushed still counts once.
    const parts = withinLimit(observations, within, (part) => Buffer.byteLength(JSON.stringify(batchOf(part, key, index === 0))));
    return parts.map((part, i) => [batchOf(part, `${key}:${i}/${parts.length}`, index === 0 && i === 0), `${key}:${i}/${parts.length}`]);
  });
  // Keys name a batch's position, so the same input cut into another number of batches (other specs or overrides
  // between two pushes: 1001 literal endpoints, then one template) had other keys and was counted twice. The server
  // keeps the first layout of each input and refuses another (lib/db/input-sets.ts).
  const inputSet = inputSetOf(input.inputFingerprint, placed.map(([b]) => b.idempotencyKey));
  const alias = input.aliasFingerprint;
  if (alias === undefined) return placed.map(([b]) => ({ ...b, inputSet }));
  // Keyed by the content in the same places: what planning the same observations as standard input gives. Its room is
  // INPUT_SET_BYTES's too (about 210 bytes with the input set), so the cut is the one a batch without it has.
  const aliasKeys = placed.map(([, place]) => batchKey(alias, place));
  const aliasSet = inputSetOf(alias, aliasKeys);
  return placed.map(([b], i) => ({ ...b, inputSet, alias: { idempotencyKey: aliasKeys[i], inputSet: aliasSet } }));
}

function batchKey(fingerprint: string, place: string): string {
  return `b-${createHash('sha256').update(`${fingerprint}:${place}`).digest('hex').slice(0, 40)}`;
}

function inputSetOf(fingerprint: string, keys: string[]): NonNullable<IngestBatch['inputSet']> {
  return {
    key: `s-${createHash('sha256').update(`set:${fingerprint}`).digest('hex').slice(0, 40)}`,
    layout: parseInt(createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 12), 16),
  };
}

/**
 * A batch the server refused as over its own body limit, in two: planned while the server could not say its limit
 * (down at the start, `maxBatchBytes` unknown), or spooled before the limit was lowered, it was set aside for good.
 * The halves are keyed by the batch's key and their place, so a batch halved again gives the same keys (counted once),
 * and keep its `inputSet`, so the server counts them in the input's layout. Its counters other than `exchanges` go
 * with the first half; `exchanges` is shared so that the halves add up to the batch's.
 */
export function halveBatch(batch: IngestBatch): [IngestBatch, IngestBatch] {
  const half = Math.ceil(batch.observations.length / 2);
  const [first, second] = [batch.observations.slice(0, half), batch.observations.slice(half)];
  const total = batch.stats.exchanges ?? 0;
  const secondExchanges = Math.min(total, second.reduce((n, o) => n + o.evidence.requests, 0));
  return [
    { ...batch, ...halfKeys(batch, 0), observations: first, stats: { ...batch.stats, exchanges: total - secondExchanges } },
    { ...batch, ...halfKeys(batch, 1), observations: second, stats: { exchanges: secondExchanges } },
  ];
}

/** A half's keys: its batch's, and its alias's, each with the half's place (as the same batch sent by a pipe halves). */
function halfKeys(batch: IngestBatch, half: 0 | 1): Pick<IngestBatch, 'idempotencyKey' | 'alias'> {
  const alias = batch.alias && { ...batch.alias, idempotencyKey: `${batch.alias.idempotencyKey}.${half}` };
  return { idempotencyKey: `${batch.idempotencyKey}.${half}`, ...(alias ? { alias } : {}) };
}

/** Halves observations until each part's batch is within `limit` bytes (one observation stays as it is). */
function withinLimit(observations: EndpointObservation[], limit: number, bytes: (part: EndpointObservation[]) => number): EndpointObservation[][] {
  if (observations.length <= 1 || bytes(observations) <= limit) return [observations];
  const half = Math.ceil(observations.length / 2);
  return [...withinLimit(observations.slice(0, half), limit, bytes), ...withinLimit(observations.slice(half), limit, bytes)];
}

/**
 * A request line may be 8 KiB and templating can lengthen a path (`/1/2` → `/{id}/{id}`), but a server refuses a
 * batch with a template over 2048 characters whole (400), so one such URL in a log cost the up to 999 endpoints
 * sent with it. Cut, it is counted under its first 2 KiB (two cut alike are one endpoint, as the server merges them).
 */
function fitTemplate(o: EndpointObservation): EndpointObservation {
  if (o.path.length <= MAX_TEMPLATE_LENGTH) return o;
  return { ...o, path: o.path.slice(0, MAX_TEMPLATE_LENGTH - TRUNCATED.length) + TRUNCATED };
}
