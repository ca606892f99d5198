import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { GunzipWrites } from '../gunzip-writes';

/** 1 MiB reads and inflated chunks, as open-capture.ts reads plain captures. */
const CHUNK = 1 << 20;
/** Compressed bytes per write of the careful pass before the failing write: only that write's output is at stake. */
const COARSE = 16;
const MARGIN = 64 << 10;

/**
 * A gzip capture file inflated in 1 MiB chunks. Damage (a bad CRC or length in the trailer, bytes after the member
 * that are not gzip, a corrupt block) ends it with zlib's error, thrown only after everything inflated before it was
 * yielded, as standard input is read (../gunzip-stream.ts). zlib drops the output of the write that fails, and a
 * 1 MiB write near the end holds most of a small file: until 6 Dec a .pcap.gz whose trailer alone was damaged gave
 * `empty or unreadable file` and no exchange. So on damage the file is inflated again, by 1 MiB writes up to the
 * one that failed, then 16 bytes, then one byte at a time, and what comes out past what was yielded is yielded too.
 */
export async function* inflateCaptureFile(path: string): AsyncGenerator<Buffer> {
  const raw = createReadStream(path, { highWaterMark: CHUNK });
  const gunzip = createGunzip({ chunkSize: CHUNK });
  let readError: Error | undefined;
  raw.on('error', (err) => {
    readError = err;
    gunzip.destroy(err);
  });
  let yielded = 0;
  let consumed = 0;
  try {
    for await (const chunk of raw.pipe(gunzip) as AsyncIterable<Buffer>) {
      yielded += chunk.length;
      consumed = gunzip.bytesWritten;
      yield chunk;
    }
    return;
  } catch (err) {
    // Not damage: the file could not be read, or the reader stopped early (a head read takes one chunk and destroys
    // the stream, which aborts the pipe): inflating the whole file again then would only keep the process busy.
    if (readError || !String((err as NodeJS.ErrnoException).code).startsWith('Z_')) throw err;
    // zlib may have taken input past what it had put out when it failed: the careful pass starts a little before.
    const rest = await inflateBefore(path, Math.max(0, consumed - MARGIN), yielded);
    if (rest.length > 0) yield rest;
    throw err;
  } finally {
    raw.destroy();
    gunzip.destroy();
  }
}

/** The output of `path`'s gzip bytes up to where they fail, past the first `skip` bytes; whole writes up to `safe`. */
async function inflateBefore(path: string, safe: number, skip: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    // Where a 16-byte write fails, then each byte of that write alone.
    const coarse = await inflateUntil(fh, size, safe, COARSE, skip);
    return (await inflateUntil(fh, size, coarse.failedAt, 1, skip)).output;
  } finally {
    await fh.close();
  }
}

async function inflateUntil(fh: Awaited<ReturnType<typeof open>>, size: number, fineFrom: number, step: number, skip: number) {
  const gunzip = new GunzipWrites();
  const kept: Buffer[] = [];
  let out = 0;
  let pos = 0;
  let last = 0;
  const buf = Buffer.allocUnsafe(CHUNK);
  while (pos < size && !gunzip.failure) {
    last = pos < fineFrom ? Math.min(CHUNK, fineFrom - pos) : step;
    const { bytesRead } = await fh.read(buf, 0, Math.min(last, size - pos), pos);
    if (bytesRead === 0) break;
    await gunzip.write(Buffer.from(buf.subarray(0, bytesRead)));
    pos += bytesRead;
    // Only what was not yielded is kept: a damaged file of GiBs is not held.
    for (const c of gunzip.out.splice(0)) {
      if (out + c.length > skip) kept.push(out >= skip ? c : c.subarray(skip - out));
      out += c.length;
    }
  }
  if (!gunzip.failure) await gunzip.end();
  for (const c of gunzip.out.splice(0)) {
    if (out + c.length > skip) kept.push(out >= skip ? c : c.subarray(skip - out));
    out += c.length;
  }
  gunzip.destroy();
  return { output: Buffer.concat(kept), failedAt: gunzip.failure ? pos - last : pos };
}
