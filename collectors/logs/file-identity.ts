import { createHash } from 'node:crypto';
import { open, stat, type FileHandle } from 'node:fs/promises';

/** How many leading bytes identify a file's content across renames (and against inode reuse). */
export const FINGERPRINT_BYTES = 1024;

/**
 * A file's identity: device and inode (stable across a rename, which is how logrotate rotates), plus
 * a hash of the first bytes, because a deleted file's inode is soon reused by a new one. The hash
 * covers `fingerprintLength` bytes: a young file may be shorter than FINGERPRINT_BYTES, and its
 * first bytes do not change as it grows, so the same prefix can be re-hashed later to compare.
 */
export interface FileIdentity {
  dev: string;
  ino: string;
  fingerprint: string;
  fingerprintLength: number;
}

export async function identifyFile(path: string): Promise<FileIdentity & { size: number }> {
  const st = await stat(path, { bigint: true });
  const length = Number(st.size < BigInt(FINGERPRINT_BYTES) ? st.size : BigInt(FINGERPRINT_BYTES));
  return {
    dev: st.dev.toString(),
    ino: st.ino.toString(),
    size: Number(st.size),
    fingerprint: await hashPrefix(path, length),
    fingerprintLength: length,
  };
}

export async function hashPrefix(file: string | FileHandle, length: number): Promise<string> {
  const fh = typeof file === 'string' ? await open(file, 'r') : file;
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, 0);
    return createHash('sha256').update(buf.subarray(0, bytesRead)).digest('hex').slice(0, 32);
  } finally {
    if (typeof file === 'string') await fh.close();
  }
}

/** True when `path` is the file `id` describes: same device and inode, same first bytes. */
export async function isSameFile(path: string, id: FileIdentity): Promise<boolean> {
  try {
    const st = await stat(path, { bigint: true });
    if (st.dev.toString() !== id.dev || st.ino.toString() !== id.ino) return false;
    if (st.size < BigInt(id.fingerprintLength)) return false;
    return (await hashPrefix(path, id.fingerprintLength)) === id.fingerprint;
  } catch {
    return false;
  }
}
