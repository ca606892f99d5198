import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { GunzipWrites } from '../gunzip-writes';

const CHUNK_BYTES = 1 << 20;

/** Reads a plain file from `start` in 1 MiB chunks (buffers reused: the splitter copies what it keeps). */
export async function* plainChunks(path: string, start: number, signal?: AbortSignal): AsyncGenerator<Buffer> {
  const fh = await open(path, 'r');
  try {
    // Two buffers: the next read runs while the caller parses the current chunk.
    const bufs = [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)];
    let pos = start;
    let which = 0;
    let pending = fh.read(bufs[0], 0, CHUNK_BYTES, pos);
    for (;;) {
      if (signal?.aborted) {
        await pending.catch(() => {});
        return;
      }
      const { bytesRead } = await pending;
      if (bytesRead === 0) return;
      const current = bufs[which];
      pos += bytesRead;
      which ^= 1;
      pending = fh.read(bufs[which], 0, CHUNK_BYTES, pos);
      yield current.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

export interface GzipDamage {
  /** Offset in the compressed file near which the data stopped making sense. */
  at: number;
  message: string;
}

/**
 * Inflates a gzip file member after member. When a member is broken (truncated upload, disk error,
 * a rotated file still being compressed), what could be inflated before the damage is kept, the
 * damage is reported, and reading resumes at the next gzip header: one bad member costs its own
 * lines, not the rest of the file.
 */
export async function* gzipChunks(
  path: string,
  size: number,
  onDamage: (damage: GzipDamage) => void,
  signal?: AbortSignal,
  /** Each compressed chunk as read, in order: whole until a damage is said (after it, bytes are read again or skipped). */
  onRaw?: (chunk: Buffer) => void,
): AsyncGenerator<Buffer> {
  let start = 0;
  while (start < size) {
    const gunzip = createGunzip();
    const raw = createReadStream(path, { start, highWaterMark: 64 * 1024 });
    raw.on('error', (err) => gunzip.destroy(err));
    if (onRaw) raw.on('data', (chunk) => onRaw(chunk as Buffer));
    let yielded = 0;
    try {
      for await (const chunk of raw.pipe(gunzip)) {
        if (signal?.aborted) {
          raw.destroy();
          return;
        }
        yielded += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
      return;
    } catch (err) {
      raw.destroy();
      // The fast pass loses the output of the write that failed; a careful pass over the same
      // bytes, a few at a time, recovers it and says precisely where the damage is.
      const careful = await inflateCarefully(path, start, start + gunzip.bytesWritten + 128 * 1024, yielded);
      if (careful.output.length > 0) yield careful.output;
      onDamage({ at: careful.failedAt, message: careful.message ?? (err as Error).message });
      const next = await nextGzipHeader(path, Math.max(start + 1, careful.failedAt), size);
      if (next === -1) return;
      start = next;
    }
  }
}

const CAREFUL_STEP = 16;

/**
 * Re-inflates [from, to), dropping the first `skip` output bytes (already delivered), until the data fails.
 * Returns the rest of the output and the failing offset.
 */
async function inflateCarefully(path: string, from: number, to: number, skip: number): Promise<{ output: Buffer; failedAt: number; message?: string }> {
  const fh = await open(path, 'r');
  let input: Buffer;
  try {
    const buf = Buffer.alloc(to - from);
    const { bytesRead } = await fh.read(buf, 0, buf.length, from);
    input = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  const careful = await inflateUntilDamage(input);
  return { output: careful.output.subarray(Math.min(skip, careful.output.length)), failedAt: from + careful.failedAt, message: careful.message };
}

/**
 * Inflates gzip bytes up to where they stop making sense (`message` says why; none when they do not).
 * zlib drops the output of the write that fails, and the write that ends a member may also hold the bytes
 * after it (trailing garbage, as `zcat` calls it): a pass in 16-byte writes finds the failing write, a
 * second one goes byte by byte through it, so a member's last lines come out whole. `failedAt` stays that
 * write's start: broken data may decode on into the next member's header, which a search from the exact
 * byte would miss.
 */
export async function inflateUntilDamage(input: Buffer): Promise<{ output: Buffer; failedAt: number; message?: string }> {
  const coarse = await inflateInSteps(input, input.length);
  const fine = coarse.message === undefined ? coarse : await inflateInSteps(input, coarse.failedAt);
  return { output: fine.output, failedAt: coarse.failedAt, message: coarse.message };
}

/** Inflates `input` in 16-byte writes, 1-byte ones from `fineFrom` on; stops at the write that fails. */
async function inflateInSteps(input: Buffer, fineFrom: number): Promise<{ output: Buffer; failedAt: number; message?: string }> {
  const gunzip = new GunzipWrites();
  let pos = 0;
  let step = 0;
  for (; pos < input.length && !gunzip.failure; pos += step) {
    step = pos >= fineFrom ? 1 : Math.min(CAREFUL_STEP, fineFrom - pos);
    await gunzip.write(input.subarray(pos, pos + step));
  }
  if (!gunzip.failure) await gunzip.end();
  gunzip.destroy();
  const failure = gunzip.failure as Error | undefined;
  return { output: Buffer.concat(gunzip.out), failedAt: failure ? pos - step : pos, message: failure?.message };
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
