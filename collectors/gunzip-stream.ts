import { GunzipWrites } from './gunzip-writes';
import { inflateUntilDamage } from './logs/file-chunks';

/** Compressed bytes per write: bounds what one write may inflate to (~1000:1 at most, so ~16 MiB). */
const WRITE_BYTES = 16 << 10;
/**
 * Compressed bytes kept to re-inflate carefully when the data breaks: zlib drops the output of the write
 * that fails, which may hold a member's last lines. Past this much a stream is not kept (it may be GiBs),
 * and damage costs at most that one write's output.
 */
const REPLAY_BYTES = 1 << 20;

/**
 * Inflates a gzip stream (standard input) as it is read. Damage (a cut upload, bytes after a member that are
 * not gzip) ends it with an error thrown only after every byte inflated before it was yielded, so the reader
 * keeps those and reports the rest; an unread zlib stream's error event would crash the process instead.
 * Unlike a file, a stream is not read on past damage to a next member: `zcat` stops there too.
 */
export async function* gunzipStream(compressed: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const gunzip = new GunzipWrites();
  const out = gunzip.out;
  let replay: Buffer[] | undefined = [];
  let replayed = 0;
  let yielded = 0;
  try {
    for await (const chunk of compressed) {
      for (let at = 0; at < chunk.length && !gunzip.failure; at += WRITE_BYTES) {
        const part = chunk.subarray(at, at + WRITE_BYTES);
        if (replay) {
          replay.push(Buffer.from(part));
          replayed += part.length;
          if (replayed > REPLAY_BYTES) replay = undefined;
        }
        await gunzip.write(part);
        for (const c of out.splice(0)) {
          yielded += c.length;
          yield c;
        }
      }
      if (gunzip.failure) break;
    }
    if (!gunzip.failure) await gunzip.end();
    for (const c of out.splice(0)) {
      yielded += c.length;
      yield c;
    }
    if (!gunzip.failure) return;
    if (replay) {
      const careful = await inflateUntilDamage(Buffer.concat(replay));
      if (careful.output.length > yielded) yield careful.output.subarray(yielded);
    }
    throw gunzip.failure;
  } finally {
    gunzip.destroy();
  }
}
