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
  // Records handed to write() and records whose bytes the stream has taken: the difference is what a stalled
  // reader would lose if the command stopped waiting for it (`lantern mirror`'s drain deadline).
  let handed = 0;
  let taken = 0;
  let linesInBuf = 0;
  const countTaken = (lines: number) => (err?: Error | null) => {
    if (!err) taken += lines;
  };
  const flush = () => {
    if (bytes.pos === 0) return;
    if (!closed) {
      stream.write(bytes.buf.subarray(0, bytes.pos), countTaken(linesInBuf));
      // stdout to a file, pipe or terminal writes synchronously on Linux and is done with the
      // buffer; a stream that queued it keeps it, and the next lines go into a new one.
      if (stream.writableLength > 0) bytes.buf = Buffer.allocUnsafe(BUFFER_BYTES);
    }
    bytes.pos = 0;
    linesInBuf = 0;
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
      handed++;
      // UTF-8 takes at most 3 bytes per UTF-16 unit.
      const most = 3 * line.length + 1;
      if (bytes.buf.length - bytes.pos < most) {
        flush();
        if (most > bytes.buf.length) {
          if (!closed) stream.write(`${line}\n`, countTaken(1));
          return;
        }
      }
      bytes.pos += bytes.buf.write(line, bytes.pos);
      bytes.buf[bytes.pos++] = 10;
      linesInBuf++;
    },
    /** Lines written with write() (not through `bytes`) that the stream has not taken yet. */
    untaken(): number {
      return handed - taken;
    },
    end(): Promise<void> {
      flush();
      return closed ? Promise.resolve() : new Promise((resolve) => stream.write('', () => resolve()));
    },
    /** end(), but gives up after `ms`: whether everything was taken by then. */
    async endWithin(ms: number): Promise<boolean> {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
      const drained = await Promise.race([this.end().then(() => true as const), deadline]);
      clearTimeout(timer);
      return drained;
    },
  };
}
