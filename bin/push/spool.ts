import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ingestBatchSchema, type IngestBatch } from '../../lib/inventory/observation';

/**
 * Batches are written to disk before they are sent and removed only once the server has taken them (applied or
 * recognised as a duplicate). A pusher killed at any point, or a server down for hours, loses nothing: the next run
 * sends what is left. Writes are atomic (temp file + rename) so a crash never leaves half a batch.
 */
export function createSpool(dir: string) {
  const file = (key: string) => join(dir, `${key}.json`);
  return {
    dir,
    async put(batch: IngestBatch): Promise<void> {
      await mkdir(dir, { recursive: true });
      const tmp = `${file(batch.idempotencyKey)}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(batch));
      await rename(tmp, file(batch.idempotencyKey));
    },
    async keys(): Promise<string[]> {
      try {
        return (await readdir(dir)).filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)).sort();
      } catch {
        return [];
      }
    },
    async get(key: string): Promise<IngestBatch | undefined> {
      try {
        return ingestBatchSchema.parse(JSON.parse(await readFile(file(key), 'utf8')));
      } catch {
        return undefined;
      }
    },
    async remove(key: string): Promise<void> {
      await rm(file(key), { force: true });
    },
  };
}
export type Spool = ReturnType<typeof createSpool>;
