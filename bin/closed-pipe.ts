import type { Writable } from 'node:stream';

const guarded = new WeakSet<Writable>();

/**
 * `lantern … | head -c 200` closes stdout early. Node ignores SIGPIPE, so the next write fails with EPIPE as an
 * 'error' event, and an 'error' event nobody listens to is an uncaught exception: a stack trace and exit code 1.
 * The reader left on purpose, so what it did not read is not wanted: later writes are dropped quietly (as the line
 * writer does, bin/line-writer.ts) and the command ends with its own exit code. Any other error still surfaces.
 */
export function dropOutputOnClosedPipe(stream: Writable): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', (err: NodeJS.ErrnoException) => {
    // After EPIPE the stream is destroyed; writes that were already on their way report ERR_STREAM_DESTROYED.
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
    throw err;
  });
}
