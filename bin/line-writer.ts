import type { Writable } from 'node:stream';

/**
 * Batches lines into ~64 KiB writes: one `write` per record costs more than parsing a log line.
 * Stops quietly when the reader goes away (EPIPE from `| head`).
 */
export function createLineWriter(stream: Writable) {
  let buf: string[] = [];
  let size = 0;
  let closed = false;
  stream.on('error', () => {
    closed = true;
  });
  const flush = () => {
    if (buf.length === 0 || closed) return;
    stream.write(buf.join(''));
    buf = [];
    size = 0;
  };
  return {
    write(line: string) {
      buf.push(line, '\n');
      size += line.length + 1;
      if (size >= 65536) flush();
    },
    end(): Promise<void> {
      flush();
      return closed ? Promise.resolve() : new Promise((resolve) => stream.write('', () => resolve()));
    },
  };
}
