import type { Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface DirectoryFile {
  name: string;
  path: string;
  stats: Stats;
}

/**
 * The files of a directory the readers look at, in name order: not hidden, regular (through a symlink too) and not
 * empty (an empty one is a capture or log not written yet). Listed once here for the capture reader
 * (pcap/capture-files.ts), `extract <dir>` (directory-inputs.ts), the follower waiting for a directory's first file
 * (directory-kind.ts) and the check for a file named beside its directory (distinct-inputs.ts), which until 7 Dec
 * each had a loop of its own. A file that vanished between the listing and its stat (rotation deleting old files) is
 * none; one that could not be looked at otherwise goes to `on.problem`, and a subdirectory to `on.subdirectory`.
 */
export async function listDirectoryFiles(
  dir: string,
  on: { problem?: (path: string, err: unknown) => void; subdirectory?: (name: string) => void } = {},
): Promise<DirectoryFile[]> {
  const names = (await readdir(dir)).filter((n) => !n.startsWith('.')).sort(compareNames);
  const files: DirectoryFile[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const stats = await stat(path).catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') on.problem?.(path, err);
      return undefined;
    });
    if (stats?.isDirectory()) on.subdirectory?.(name);
    if (stats?.isFile() && stats.size > 0) files.push({ name, path, stats });
  }
  return files;
}

const collator = new Intl.Collator('en', { numeric: true });

/** Numeric runs compare as numbers, so tcpdump -C's `trace.pcap`, `trace.pcap1` … `trace.pcap10` come in the order written. */
export function compareNames(a: string, b: string): number {
  return collator.compare(a, b);
}
