import { createRequire } from 'node:module';

/** One HTTP/2 frame: 9-byte header (RFC 9113 §4.1) and payload. */
export function h2Frame(type: number, flags: number, stream: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(9);
  h.writeUIntBE(payload.length, 0, 3);
  h[3] = type;
  h[4] = flags;
  h.writeUInt32BE(stream, 5);
  return Buffer.concat([h, payload]);
}

export type HpackCompressor = { write(h: { name: string; value: string; huffman?: boolean }[]): void; read(): Buffer };

/**
 * hpack.js's compressor (its typings, collectors/http/hpack.d.ts, cover only the decompressor the collector used
 * before it had its own): an independent encoder to write the header blocks tests feed the collector.
 */
export function hpackCompressor(maxSize = 4096): HpackCompressor {
  const hpack = createRequire(import.meta.url)('hpack.js') as { compressor: { create(o: { table: { maxSize: number } }): HpackCompressor } };
  return hpack.compressor.create({ table: { maxSize } });
}
