import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';

const CHUNK_BYTES = 1 << 20;

/** Reads a plain file from `start` in 1 MiB chunks (one buffer reused: the splitter copies what it keeps). */
export async function* plainChunks(path: string, start: number, signal?: AbortSignal): AsyncGenerator<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    let pos = start;
    for (;;) {
      if (signal?.aborted) return;
      const { bytesRead } = await fh.read(buf, 0, CHUNK_BYTES, pos);
      if (bytesRead === 0) return;
      pos += bytesRead;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

export interface GzipDamage {
  /** Offset in the compressed file where the broken member started. */
  at: number;
  message: string;
}

/**
 * Inflates a gzip file member after member. When a member is broken (truncated upload, disk error,
 * a rotated file still being compressed), the damage is reported and reading resumes at the next
 * gzip header in the file, so one bad member costs its own lines, not the rest of the file.
 */
export async function* gzipChunks(
  path: string,
  size: number,
  onDamage: (damage: GzipDamage) => void,
  signal?: AbortSignal,
): AsyncGenerator<Buffer> {
  let start = 0;
  while (start < size) {
    const gunzip = createGunzip();
    // Small reads keep the resync point (bytes the engine consumed) close to where the damage is.
    const raw = createReadStream(path, { start, highWaterMark: 64 * 1024 });
    raw.on('error', (err) => gunzip.destroy(err));
    const inflated = raw.pipe(gunzip);
    try {
      for await (const chunk of inflated) {
        if (signal?.aborted) {
          raw.destroy();
          return;
        }
        yield chunk as Buffer;
      }
      return;
    } catch (err) {
      raw.destroy();
      onDamage({ at: start + gunzip.bytesWritten, message: (err as Error).message });
      // Members before the damage were read whole; search past what the engine consumed so the
      // broken member's own header is not found again (which would repeat its first lines).
      const next = await nextGzipHeader(path, start + Math.max(1, gunzip.bytesWritten), size);
      if (next === -1) return;
      start = next;
    }
  }
}

/** Offset of the next `1f 8b 08` (gzip magic + deflate) at or after `from`, or -1. */
async function nextGzipHeader(path: string, from: number, size: number): Promise<number> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES + 2);
    for (let pos = from; pos < size; pos += CHUNK_BYTES) {
      const { bytesRead } = await fh.read(buf, 0, CHUNK_BYTES + 2, pos);
      if (bytesRead < 3) return -1;
      let i = buf.indexOf(0x1f, 0);
      while (i !== -1 && i + 2 < bytesRead) {
        if (buf[i + 1] === 0x8b && buf[i + 2] === 0x08) return pos + i;
        i = buf.indexOf(0x1f, i + 1);
      }
    }
    return -1;
  } finally {
    await fh.close();
  }
}
