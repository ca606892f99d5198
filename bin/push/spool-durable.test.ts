import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, vi } from 'vitest';

/** What reached the disk, in order: a file's content synced, a rename, a directory synced. */
const ops: string[] = [];
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...fs,
    open: async (...args: Parameters<typeof fs.open>) => {
      const fh = await fs.open(...args);
      const sync = fh.sync.bind(fh);
      fh.sync = () => (ops.push(`sync ${String(args[0])}`), sync());
      return fh;
    },
    rename: async (from: string, to: string) => (ops.push(`rename ${from} -> ${to}`), fs.rename(from, to)),
  };
});
const { createSpool } = await import('./spool');

/**
 * A collector host that loses power: a spool entry renamed into place but never flushed is an empty file after the
 * reboot (ext4 flushes a file renamed over another, not a new one), while the checkpoint written after it survived;
 * the entry was set aside as unreadable and its chunk never counted. Each spool file is now synced before it is
 * renamed into place, and the directory after.
 */
test('a spooled batch and a follow entry are synced to disk before they are renamed into place, and the rename after', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'lantern-spool-sync-')), 'spool');
  const spool = createSpool(dir);
  const batch = { idempotencyKey: 'b-durable-0123456789', collector: { name: 'c', kind: 'log' as const }, observations: [], stats: {} };
  await spool.put(batch);
  const file = join(dir, `${batch.idempotencyKey}.json`);
  const tmp = `${file}.${process.pid}.tmp`;
  expect(ops).toEqual([`sync ${tmp}`, `rename ${tmp} -> ${file}`, `sync ${dir}`]);
  expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(batch);
  ops.length = 0;
  await spool.putEntry({ batches: [batch], state: { file: join(dir, '..', 'state.json'), content: '{}' } });
  const [key] = (await spool.keys()).filter((k) => k.startsWith('j-'));
  expect(ops).toEqual([`sync ${join(dir, key)}.json.${process.pid}.tmp`, `rename ${join(dir, key)}.json.${process.pid}.tmp -> ${join(dir, key)}.json`, `sync ${dir}`]);
});
