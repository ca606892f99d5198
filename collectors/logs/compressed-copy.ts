import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { hashTextPrefix } from './content-prefix';
import type { FileCheckpoint } from './checkpoint-store';
import type { FileIdentity } from './file-identity';
import type { Commit } from './fd-reader';
import type { ReadContext } from './log-reader';
import type { LineFormats } from './registry';
import { readStaticFile, type FilePosition } from './static-file';

const COMPRESSED = /\.gz$/;

/**
 * The compressed copy of a log whose text begins as `id`'s did: logrotate's `compress` without `delaycompress`
 * gzips the rotated copy at once (`access.log.1` → `access.log.1.gz`, a new inode, the plain copy deleted), often
 * before the follower's next look. Only the text ties it to the log: its bytes and inode are new.
 */
export async function findCompressedCopy(path: string, id: Pick<FileIdentity, 'fingerprint' | 'fingerprintLength'>): Promise<string | undefined> {
  const base = basename(path);
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.startsWith(base) && COMPRESSED.test(n)).sort()) {
    const candidate = join(dirname(path), name);
    if ((await hashTextPrefix(candidate, id.fingerprintLength).catch(() => undefined)) === id.fingerprint) return candidate;
  }
  return undefined;
}

/**
 * Reads a compressed copy from where `original` (the checkpoint of the log it is a copy of) stopped, to its end. The
 * progress is checkpointed as the original's (the copy's inflated bytes are its bytes), so a restart after a kill
 * mid-copy goes on from there, and it is marked done at the end, so a directory follower ties the copy to a
 * finished read (follow.ts, earlierSelf) and does not read it again.
 */
export async function readCompressedCopy(copy: string, formats: LineFormats, ctx: ReadContext, commit: Commit, original: FileCheckpoint): Promise<void> {
  const { partsFrom, ...identity } = original;
  // The position replaces the original's whole (a `partsFrom` it no longer has must not stay).
  const save = (pos: FilePosition, done?: boolean) => commit({ ...identity, ...pos, ...(done ? { done } : {}) });
  ctx.continuedIn?.(copy, original);
  const result = await readStaticFile(copy, formats, ctx, { offset: original.offset, lineNo: original.lineNo, partsFrom }, (pos) => save(pos));
  if (result?.complete) await save(result.end, true);
}
