import { createHash } from 'node:crypto';
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

async function expand(path: string): Promise<string[]> {
  const s = await stat(path);
  if (!s.isDirectory()) return [path];
  const names = (await readdir(path)).sort();
  return (await Promise.all(names.map((n) => expand(join(path, n))))).flat();
}
