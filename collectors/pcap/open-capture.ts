import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { inflateCaptureFile } from './gzip-capture';

export interface CaptureHead {
  /** First four bytes of the (decompressed) capture, read before choosing a parser. */
  magic: Buffer;
  gzip: boolean;
  fileBytes: number;
  /** The file's modification time: what dates a packet the format gives no time (pcapng.ts). */
  modifiedMs: number;
}

/** 1 MiB stream reads: large enough that per-chunk overhead vanishes, small enough to keep RSS flat. */
const CHUNK = 1 << 20;

/** Reads a capture's magic, looking through gzip (`.gz` rotated by tcpdump -z gzip, or any gzip member). */
export async function readCaptureHead(path: string): Promise<CaptureHead> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
    const stat = await fh.stat();
    const fileBytes = stat.size;
    const modifiedMs = Math.floor(stat.mtimeMs);
    const gzip = head[0] === 0x1f && head[1] === 0x8b;
    if (!gzip) return { magic: head, gzip, fileBytes, modifiedMs };
    const stream = captureStream(path, true);
    const magic = await firstBytes(stream);
    return { magic, gzip, fileBytes, modifiedMs };
  } finally {
    await fh.close();
  }
}

/** The decompressed byte stream of a capture. */
export function captureStream(path: string, gzip: boolean): Readable {
  if (gzip) return Readable.from(inflateCaptureFile(path), { objectMode: false, highWaterMark: 0 });
  return createReadStream(path, { highWaterMark: CHUNK });
}

async function firstBytes(stream: Readable): Promise<Buffer> {
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (chunk.length >= 4) return chunk.subarray(0, 4);
    }
  } catch {
    // A gzip member cut before its first block: nothing readable.
  } finally {
    stream.destroy();
  }
  return Buffer.alloc(0);
}
