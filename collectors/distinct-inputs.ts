import type { Stats } from 'node:fs';
import { fstat } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { listDirectoryFiles } from './directory-files';
import { fileIdentity as identity } from './same-file';
import { STDIN } from './stream-input';

/**
 * The inputs with each file once. The same file named twice (`extract a.pcap a.pcap`), through a symlink, or by a
 * path into a directory also named (`extract captures/ captures/a.pcap`) was read twice, and each of its exchanges
 * counted twice. A file is known by its device and inode, so every spelling of it (`./a.pcap`, `x/../a.pcap`, a
 * symlink) is one; one that cannot be looked at (a log not created yet, a mistyped path) by its absolute path. The
 * first named is kept, or the directory holding it, which reads it; each one skipped is said. Standard input `-` is
 * known by what descriptor 0 is, so `/dev/stdin` beside it, or the file it is redirected from, is the same input:
 * until 6 Dec `- /dev/stdin` read a redirected file twice, and a pipe once and then as "empty". `-` given twice is
 * left to the reader, which refuses it.
 */
export async function distinctInputs(inputs: string[], warn: (text: string) => void): Promise<string[]> {
  const keys: ({ key: string; what: string } | undefined)[] = [];
  /** Files a directory named reads (those its readers look at: directory-files.ts), by key → the directory. */
  const inDirectory = new Map<string, string>();
  const stdin = inputs.includes(STDIN) ? await standardInput() : undefined;
  let stdinSeen = false;
  for (const input of inputs) {
    if (input === STDIN) {
      keys.push(stdin && !stdinSeen ? { key: identity(stdin), what: kindOf(stdin) } : undefined);
      stdinSeen = true;
      continue;
    }
    const st = await stat(input).catch(() => undefined);
    keys.push({ key: st ? identity(st) : `path:${resolve(input)}`, what: st ? kindOf(st) : 'file' });
    if (!st?.isDirectory()) continue;
    for (const { stats } of await listDirectoryFiles(input).catch(() => [])) if (!inDirectory.has(identity(stats))) inDirectory.set(identity(stats), input);
  }
  const first = new Map<string, string>();
  const kept: string[] = [];
  inputs.forEach((input, i) => {
    const { key, what } = keys[i] ?? {};
    const earlier = key === undefined ? undefined : first.get(key);
    const dir = key === undefined ? undefined : inDirectory.get(key);
    if (earlier !== undefined) warn(`${input}: ${earlier === input ? 'named twice' : `the same ${what} as ${earlier}`}, read once`);
    else if (dir !== undefined) warn(`${input}: read once, with the directory ${dir} it is in`);
    else {
      if (key !== undefined) first.set(key, input);
      kept.push(input);
    }
  });
  return kept;
}

function kindOf(st: Stats): string {
  return st.isDirectory() ? 'directory' : st.isFile() ? 'file' : 'input';
}

/** What descriptor 0 is, for telling `/dev/stdin` (or the file it comes from) from other inputs. */
export function standardInput(): Promise<Stats | undefined> {
  return new Promise((done) => fstat(0, (err, st) => done(err ? undefined : st)));
}
