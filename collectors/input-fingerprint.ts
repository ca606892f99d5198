import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

const EDGE = 1 << 20;

/**
 * Identifies what a set of inputs contained, cheaply: size plus the first and last MiB of every file (directories
 * expanded in name order). Captures and rotated logs are append-only or immutable, so this changes when content
 * does, without hashing gigabytes.
 */
export async function fingerprintInputs(inputs: string[], stdinDigest?: string): Promise<string> {
  const hash = createHash('sha256');
  // Standard input (`-`) or a named pipe is not a file to look at again: the digest of what was read from it stands in.
  if (stdinDigest !== undefined) hash.update(`-\0${stdinDigest}\0`);
  const files = (await Promise.all(inputs.filter((i) => i !== '-').map(expand))).flat().sort();
  for (const file of files) {
    const s = await stat(file);
    // A named pipe was read as standard input is (its digest stands in, above): opening it again would wait for a writer.
    if (!s.isFile()) continue;
    hash.update(`${s.size}\0`);
    const fh = await open(file, 'r');
    try {
      const head = Buffer.alloc(Math.min(EDGE, s.size));
      await fh.read(head, 0, head.length, 0);
      hash.update(head);
      if (s.size > EDGE) {
        const tail = Buffer.alloc(Math.min(EDGE, s.size - EDGE));
        await fh.read(tail, 0, tail.length, s.size - tail.length);
        hash.update(tail);
      }
    } finally {
      await fh.close();
    }
  }
  return hash.digest('hex');
}

/** Files up to this size are also keyed by their content (the whole file read once more, hashed). */
export const CONTENT_KEY_MAX_BYTES = 256 * 1024 * 1024;

/**
 * The key the same bytes have read from standard input, `cat a.log | lantern push -` (a digest of all a pipe carried,
 * when it ends before the first --flush-every): sent with a file's batches as their alias (lib/inventory/batches.ts),
 * so the lines pushed both ways count once. Until 7 Dec a file was known only by its size and edges, and the two
 * were two inputs. `sha256`: of the file's bytes, as its reader took it while reading (content-digest.ts).
 */
export function contentKey(sha256: string): Promise<string> {
  return fingerprintInputs(['-'], sha256);
}

/**
 * contentKey of a file read again for it, for the files whose reader took no digest (an empty one, a gzip member
 * damaged). None for a file over `limit` (hashing it whole would cost its push a second full read) or no file.
 */
export async function contentFingerprint(file: string, limit = CONTENT_KEY_MAX_BYTES): Promise<string | undefined> {
  const s = await stat(file).catch(() => undefined);
  if (!s?.isFile() || s.size > limit) return undefined;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return contentKey(hash.digest('hex'));
}

async function expand(path: string): Promise<string[]> {
  const s = await stat(path);
  if (!s.isDirectory()) return [path];
  const names = (await readdir(path)).sort();
  return (await Promise.all(names.map((n) => expand(join(path, n))))).flat();
}
