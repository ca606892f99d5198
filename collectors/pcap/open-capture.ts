import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

export interface OpenedCapture {
  stream: Readable;
  /** First four bytes of the (decompressed) capture, read before choosing a parser. */
  magic: Buffer;
  gzip: boolean;
  fileBytes: number;
}

/** 1 MiB reads: large enough that per-chunk overhead vanishes, small enough to keep RSS flat. */
const CHUNK = 1 << 20;

/** Opens a capture, looking through gzip (`.gz` rotated by tcpdump -z gzip, or any gzip member). */
export async function openCapture(path: string): Promise<OpenedCapture> {
  const fh = await open(path, 'r');
  let head: Buffer;
  let fileBytes: number;
  try {
    head = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
    fileBytes = (await fh.stat()).size;
  } finally {
    await fh.close();
  }
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  const raw = createReadStream(path, { highWaterMark: CHUNK });
  const stream = gzip ? raw.pipe(createGunzip({ chunkSize: CHUNK })) : raw;
  if (gzip) raw.on('error', (err) => stream.destroy(err));
  const magic = gzip ? await peekMagic(stream) : head;
  return { stream, magic, gzip, fileBytes };
}

/** Reads the first 4 bytes of a stream and puts them back. */
async function peekMagic(stream: Readable): Promise<Buffer> {
  return new Promise((resolve) => {
    const onReadable = () => {
      const chunk: Buffer | null = stream.read();
      if (chunk === null) return;
      cleanup();
      stream.unshift(chunk);
      resolve(chunk.subarray(0, 4));
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.alloc(0));
    };
    const cleanup = () => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', onEnd);
    };
    stream.on('readable', onReadable);
    stream.once('end', onEnd);
    stream.once('error', onEnd);
  });
}
