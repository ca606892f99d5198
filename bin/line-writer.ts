import type { Writable } from 'node:stream';

/** Output is written in 1 MiB writes: one `write` per record costs more than parsing a log line. */
const BUFFER_BYTES = 1 << 20;

/**
 * Lines go into one byte buffer: strings are encoded into it as they come, and fast lanes write
 * records into it directly (`bytes`, see collectors/logs/json-bytes.ts), so no string is joined or
 * encoded twice. Stops quietly when the reader goes away (EPIPE from `| head`).
 */
export function createLineWriter(stream: Writable) {
  let closed = false;
  stream.on('error', () => {
    closed = true;
  });
  const flush = () => {
    if (bytes.pos === 0) return;
    if (!closed) {
      stream.write(bytes.buf.subarray(0, bytes.pos));
      // stdout to a file, pipe or terminal writes synchronously on Linux and is done with the
      // buffer; a stream that queued it keeps it, and the next lines go into a new one.
      if (stream.writableLength > 0) bytes.buf = Buffer.allocUnsafe(BUFFER_BYTES);
    }
    bytes.pos = 0;
  };
  const bytes = {
    buf: Buffer.allocUnsafe(BUFFER_BYTES),
    pos: 0,
    makeRoom(size: number) {
      flush();
      if (bytes.buf.length < size) bytes.buf = Buffer.allocUnsafe(size);
    },
  };
  return {
    bytes,
    write(line: string) {
      // UTF-8 takes at most 3 bytes per UTF-16 unit.
      const most = 3 * line.length + 1;
      if (bytes.buf.length - bytes.pos < most) {
        flush();
        if (most > bytes.buf.length) {
          if (!closed) stream.write(`${line}\n`);
          return;
        }
      }
      bytes.pos += bytes.buf.write(line, bytes.pos);
      bytes.buf[bytes.pos++] = 10;
    },
    end(): Promise<void> {
      flush();
      return closed ? Promise.resolve() : new Promise((resolve) => stream.write('', () => resolve()));
    },
  };
}
