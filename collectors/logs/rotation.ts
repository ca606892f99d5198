import { basename, dirname, join } from 'node:path';

/**
 * Orders inputs so each rotated set is read oldest first: `access.log.3.gz`, `access.log.2.gz`,
 * `access.log.1`, `access.log` (logrotate numbering), and dated names (`access.log-20240101.gz`,
 * dateext) by date before the live file. Unrelated inputs keep their command-line order.
 */
export function orderRotatedSets(paths: string[]): string[] {
  const groups = new Map<string, Array<{ path: string; rank: number }>>();
  const order: string[] = [];
  for (const path of paths) {
    const { base, rank } = rotationOf(path);
    const groupKey = join(dirname(path), base);
    if (!groups.has(groupKey)) {
      groups.set(groupKey, []);
      order.push(groupKey);
    }
    groups.get(groupKey)!.push({ path, rank });
  }
  return order.flatMap((k) => groups.get(k)!.sort((a, b) => b.rank - a.rank).map((e) => e.path));
}

/**
 * The live name a file rotates from, and its age rank (higher = older; the live file is 0).
 * Dates rank by how long ago they were, so the same descending sort works for both schemes.
 */
export function rotationOf(path: string): { base: string; rank: number } {
  const name = basename(path).replace(/\.(gz|bz2|xz|zst)$/, '');
  const numbered = /^(.*)\.(\d{1,4})$/.exec(name);
  if (numbered) return { base: numbered[1], rank: Number(numbered[2]) };
  // kubelet's rotation of container logs: `0.log.20241010-135536`, to the second (older ones gzipped).
  const stamped = /^(.*)\.(\d{8})-(\d{6})$/.exec(name);
  if (stamped) return { base: stamped[1], rank: 1e15 - Number(stamped[2] + stamped[3]) };
  const dated = /^(.*?)[-._](\d{8})(\d{2})?$/.exec(name);
  if (dated) return { base: dated[1], rank: 1e12 - Number(dated[2] + (dated[3] ?? '00')) };
  return { base: name, rank: 0 };
}
