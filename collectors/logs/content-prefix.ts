import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { constants, gunzipSync } from 'node:zlib';
import type { FileCheckpoint } from './checkpoint-store';

/**
 * Compressed bytes read to inflate a log's first KiB: text lines compress 5–20×, and a stored (level 0)
 * member still fits 1 KiB of text in far less than this.
 */
const COMPRESSED_HEAD_BYTES = 64 * 1024;
/** Text that ties a file to a checkpoint: a line or two of any access log, more than a shared client and time. */
const MIN_TIE_BYTES = 256;

/**
 * The hash a checkpoint's `fingerprint` is made of (first `length` bytes, see file-identity.ts), over the file's
 * text: inflated when it is gzip. logrotate's `compress` writes a new inode, so only the text ties
 * `access.log.2.gz` to the `access.log` a checkpoint was taken of. Undefined when the text is shorter.
 */
export async function hashTextPrefix(path: string, length: number): Promise<string | undefined> {
  const head = await textHead(path);
  if (head === undefined || head.length < length) return undefined;
  return createHash('sha256').update(head.subarray(0, length)).digest('hex').slice(0, 32);
}

/** The first bytes of a file's text (inflated when it is gzip, as far as its first 64 KiB go); undefined when broken. */
export async function textHead(path: string): Promise<Buffer | undefined> {
  const fh = await open(path, 'r');
  let head: Buffer;
  try {
    const buf = Buffer.alloc(COMPRESSED_HEAD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  if (head[0] !== 0x1f || head[1] !== 0x8b) return head;
  try {
    // A head cut mid-stream is not an error with a sync flush: what inflated so far comes out.
    return gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    return undefined;
  }
}

/** The checkpoint among `candidates` whose file's text `path` begins with (a rotated, maybe compressed, copy). */
export async function checkpointByText(path: string, candidates: FileCheckpoint[]): Promise<FileCheckpoint | undefined> {
  const hashes = new Map<number, string | undefined>();
  for (const cp of candidates) {
    // A few bytes tie nothing: the first line of one log begins as another's does (same client, same minute), and a
    // false tie would skip a file unread. A log shorter than this when last read may be read again.
    if (cp.fingerprintLength < MIN_TIE_BYTES) continue;
    if (!hashes.has(cp.fingerprintLength)) hashes.set(cp.fingerprintLength, await hashTextPrefix(path, cp.fingerprintLength).catch(() => undefined));
    if (hashes.get(cp.fingerprintLength) === cp.fingerprint) return cp;
  }
  return undefined;
}
