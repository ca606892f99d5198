import type { IngestBatch } from '../inventory/observation';
import type { Db } from './client';
import { jsonColumn } from './json-column';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/**
 * Whether a batch belongs to the layout its input was first counted in (lib/inventory/batches.ts). The first batch of
 * an input records the layout in a row of its own, beside the batch rows (`s-…` key, no collector); a batch of the
 * same input cut otherwise is refused as counted: its keys differ from the first layout's, so the key alone let the
 * input count twice. Called under the ingest lock, after the batch row is created (the transaction's first write).
 */
export async function inLayoutOfInput(tx: Tx, set: NonNullable<IngestBatch['inputSet']>): Promise<boolean> {
  const first = await tx.ingestBatch.findUnique({ where: { idempotencyKey: set.key }, select: { counts: true } });
  if (first) return (first.counts as { layout?: unknown }).layout === set.layout;
  await tx.ingestBatch.create({ data: { idempotencyKey: set.key, counts: jsonColumn({ layout: set.layout }) } });
  return true;
}
