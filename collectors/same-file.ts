import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A file's identity, its device and inode: every path to it (a symlink, `x/../a.pcap`, a hard link) has the same. From
 * a bigint stat too (a log checkpoint's, whose inode a number could round), spelled alike for inodes below 2^53.
 */
export function fileIdentity(st: Pick<Stats, 'dev' | 'ino'> | { dev: bigint | string; ino: bigint | string }): string {
  return `${st.dev}:${st.ino}`;
}

/**
 * The names in a directory's listing that are another of its files again (a symlink beside its target, as
 * `access.log -> access.log.2026-12-06` or `current.pcap -> trace.pcap7`; a hard link), each mapped to the name
 * that is read instead: the file itself rather than a symlink to it, else the first in the listing's order.
 * Until 6 Dec both were read and every record in them counted twice. `listing` is in the order it is read.
 */
export async function sameFileTwins(dir: string, listing: { name: string; identity: string }[]): Promise<Map<string, string>> {
  const byIdentity = new Map<string, string[]>();
  for (const { name, identity } of listing) byIdentity.set(identity, [...(byIdentity.get(identity) ?? []), name]);
  const twins = new Map<string, string>();
  for (const names of byIdentity.values()) {
    if (names.length < 2) continue;
    const links = await Promise.all(names.map((n) => lstat(join(dir, n)).then((st) => st.isSymbolicLink(), () => true)));
    const kept = names[Math.max(0, links.indexOf(false))];
    for (const name of names) if (name !== kept) twins.set(name, kept);
  }
  return twins;
}
