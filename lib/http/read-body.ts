import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { HttpError } from './errors';

/**
 * Reads a request body up to `maxBytes` (after decoding): `Content-Encoding: gzip` is accepted, and a body that
 * inflates past the limit — a decompression bomb included — is refused with 413 without being held in memory.
 */
export async function readBodyLimited(req: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return Buffer.alloc(0);
  const encoding = (req.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  // RFC 9110 §8.4.1.3: `x-gzip` is gzip.
  const gzip = encoding === 'gzip' || encoding === 'x-gzip';
  if (encoding !== 'identity' && !gzip) {
    throw new HttpError(415, 'unsupported_encoding', `Content-Encoding ${encoding} is not supported (use gzip or none)`);
  }
  let stream: AsyncIterable<Buffer> = Readable.fromWeb(req.body as import('node:stream/web').ReadableStream<Uint8Array>);
  if (gzip) stream = (stream as Readable).pipe(createGunzip());
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += chunk.length;
      if (size > maxBytes) throw tooLarge(maxBytes);
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw new HttpError(400, 'bad_body', `could not read the body: ${(err as Error).message}`);
  }
  return Buffer.concat(chunks);
}

function tooLarge(maxBytes: number) {
  return new HttpError(413, 'too_large', `body larger than ${maxBytes} bytes`);
}
