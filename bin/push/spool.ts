import { createHash } from 'node:crypto';
import { open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ingestBatchSchema, type IngestBatch } from '../../lib/inventory/observation';
import { makeDirectory } from '../../lib/make-directory';
import { pidExists } from '../pid-exists';

/** A reader's checkpoint file, written with the batches it covers (see `putEntry`). */
export interface SpooledState {
  file: string;
  content: string;
}

export interface SpoolEntry {
  batches: IngestBatch[];
  state?: SpooledState;
}

/** Read failures of a sound file on a busy machine (descriptors run out with many logs followed, a disk's hiccup). */
const PASSING_READ_FAILURES = new Set(['EMFILE', 'ENFILE', 'EAGAIN', 'EBUSY', 'EIO', 'ENOMEM', 'EINTR']);

/** Where refused batches and unreadable files go: never sent again, never deleted. */
export const REJECTED = 'rejected';

const entrySchema = z.object({
  batches: z.array(ingestBatchSchema),
  state: z.object({ file: z.string(), content: z.string() }).optional(),
});

/**
 * Batches are written to disk before they are sent and removed only once the server (or the local database) has
 * taken them (applied or recognised as a duplicate). A pusher killed at any point, or a server down for hours, loses
 * nothing: the next run sends what is left. Writes are atomic (temp file + rename) so a crash never leaves half a
 * batch.
 */
export function createSpool(dir: string) {
  const file = (key: string) => join(dir, `${key}.json`);
  let seq = 0;
  /** The time part of the last entry key: never below one already in the directory. */
  let stamp = -1;
  const write = (key: string, value: unknown) => writeAtomically(file(key), JSON.stringify(value));
  return {
    dir,
    async put(batch: IngestBatch): Promise<void> {
      await write(batch.idempotencyKey, batch);
    },
    /**
     * Follow mode: the batches a reader flushed and the checkpoint it saves after them, in ONE atomic file. A kill
     * can then never leave batches durable whose checkpoint is lost (the chunk would be read and counted again) —
     * `restoreStates` puts the checkpoint back before the readers start. Keys sort in the order entries were put.
     */
    async putEntry(entry: SpoolEntry): Promise<void> {
      // Keys sort in the order entries were put, across restarts too: after the clock stepped back (NTP, a VM
      // resumed) a newer entry sorted first, and restoreStates put back the older checkpoint (its chunk read again).
      if (stamp < 0) stamp = (await this.keys()).filter((k) => k.startsWith('j-')).reduce((n, k) => Math.max(n, Number(k.slice(2, 16)) || 0), -1) + 1;
      stamp = Math.max(stamp, Date.now());
      const key = `j-${String(stamp).padStart(14, '0')}-${String(process.pid).padStart(8, '0')}-${String(seq++).padStart(8, '0')}`;
      await write(key, entry);
    },
    async keys(): Promise<string[]> {
      try {
        return (await readdir(dir)).filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)).sort();
      } catch {
        return [];
      }
    },
    /**
     * One spooled file: a single batch (`put`) or an entry (`putEntry`); undefined when it is gone or unreadable. A read
     * failing for a passing cause (`PASSING_READ_FAILURES`) throws: the file is fine, and setting it aside as unreadable
     * lost it (until 6 Dec).
     */
    async get(key: string): Promise<SpoolEntry | undefined> {
      try {
        const raw: unknown = JSON.parse(await readFile(file(key), 'utf8'));
        const entry = entrySchema.safeParse(raw);
        return entry.success ? entry.data : { batches: [ingestBatchSchema.parse(raw)] };
      } catch (err) {
        if (PASSING_READ_FAILURES.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
        return undefined;
      }
    },
    /** A batch the destination refused as invalid, kept in `rejected/` (outside `keys()`) for a person to inspect or resend. */
    async setAside(batch: IngestBatch): Promise<void> {
      await writeAtomically(join(dir, REJECTED, `${batch.idempotencyKey}.json`), JSON.stringify(batch));
    },
    /**
     * A spooled file that cannot be read as an entry, moved whole into `rejected/`. False when it is gone: another
     * pusher sharing the directory delivered and removed it in the meantime.
     */
    async setAsideFile(key: string): Promise<boolean> {
      await makeDirectory(join(dir, REJECTED));
      return rename(file(key), join(dir, REJECTED, `${key}.json`)).then(() => true, () => false);
    },
    async remove(key: string): Promise<void> {
      await rm(file(key), { force: true });
    },
    /**
     * Writes back the newest checkpoint of every entry still spooled. Its batches are durable, so the reader must
     * resume after them even if the kill came before it wrote the checkpoint itself. Not a running collector's
     * sharing the spool (one data directory, one server): it has written or is writing its own, maybe past an entry
     * this run listed before it was delivered, and putting that back made its next restart count the chunk between twice.
     */
    async restoreStates(): Promise<number> {
      const latest = new Map<string, { key: string; content: string }>();
      for (const key of await this.keys()) {
        const entry = await this.get(key);
        if (entry?.state) latest.set(entry.state.file, { key, content: entry.state.content });
      }
      let restored = 0;
      for (const [path, { key, content }] of latest) {
        const disk = await compareCheckpoint(path, content, file(key));
        // Both a live writer and a checkpoint written after the entry: a pid alone repeats (containers), a clock steps.
        if (disk === 'same' || (disk === 'newer' && runningElsewhere(writerOf(key)))) continue;
        await writeAtomically(path, content);
        restored++;
      }
      return restored;
    },
    /**
     * Before a delivered entry is removed: the checkpoint of a collector sharing the spool that was killed before it
     * wrote it (`restoreStates` at its restart found the entry gone, and the chunk was read again). Not this run's own
     * (it writes them), a running one's, nor one a collector restarted since has written past.
     */
    async settleState(key: string, state: SpooledState): Promise<void> {
      const writer = writerOf(key);
      if (writer === process.pid || runningElsewhere(writer)) return;
      const disk = await compareCheckpoint(state.file, state.content, file(key));
      if (disk === 'missing' || disk === 'older') await writeAtomically(state.file, state.content);
    },
  };
}
export type Spool = ReturnType<typeof createSpool>;

/**
 * Written whole or not at all, and on disk before this returns. Without the syncs a host that lost power could keep
 * the rename and not the content (a new spool file is not flushed by the rename, as ext4 flushes a replaced one): an
 * empty entry beside the checkpoint written after it, its chunk set aside as unreadable and never counted.
 */
export async function writeAtomically(path: string, content: string): Promise<void> {
  const dir = join(path, '..');
  await makeDirectory(dir);
  const tmp = `${path}.${process.pid}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(content);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
  await syncDirectory(dir);
}

/** The rename itself made durable (a directory's fsync); where a platform cannot open a directory, left to it. */
async function syncDirectory(dir: string): Promise<void> {
  const fh = await open(dir, 'r').catch(() => undefined);
  if (!fh) return;
  try {
    await fh.sync();
  } catch {
    // Some filesystems refuse fsync on a directory (EINVAL): the file's own sync stands.
  } finally {
    await fh.close();
  }
}

/**
 * One spool per server, named by its origin: batches are sent to `<origin>/api/ingest` whatever path --server has,
 * so `http://lantern:3000/` and `http://lantern:3000` are one server. Named by the text as given, a run with the
 * other spelling never found what an earlier run left spooled. (A bare origin hashes as before.)
 */
export function spoolDirFor(dataDir: string, server: string): string {
  return join(dataDir, 'spool', createHash('sha256').update(new URL(server).origin).digest('hex').slice(0, 12));
}

/** The checkpoint on disk against an entry's: the same, missing, or another written before or after the entry. */
async function compareCheckpoint(path: string, content: string, entryFile: string): Promise<'same' | 'missing' | 'older' | 'newer'> {
  const onDisk = await stat(path).catch(() => undefined);
  if (!onDisk) return 'missing';
  if ((await readFile(path, 'utf8').catch(() => undefined)) === content) return 'same';
  const entryWritten = (await stat(entryFile).catch(() => undefined))?.mtimeMs ?? Infinity;
  return onDisk.mtimeMs >= entryWritten ? 'newer' : 'older';
}

/** The pid in an entry's key (`j-<stamp>-<pid>-<seq>`). */
function writerOf(key: string): number {
  return key.startsWith('j-') ? Number(key.split('-')[2]) : NaN;
}

/** Another process with that pid exists (EPERM: it does, under another user). */
function runningElsewhere(pid: number): boolean {
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && pidExists(pid);
}
