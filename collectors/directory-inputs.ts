import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileProblem } from '../lib/file-problem';
import { textHead } from './logs/content-prefix';
import { listDirectoryFiles } from './directory-files';
import { fileIdentity, sameFileTwins } from './same-file';
import { sniffInput } from './sniff-input';

/** A directory's files by the reader their first bytes call for. */
export interface DirectoryInputs {
  /** Whether it holds captures: the capture reader reads them from the directory, as rotated series. */
  hasCaptures: boolean;
  /** Logs (and whatever else is not a capture), read as if named on the command line. */
  logs: string[];
  exchangeFiles: string[];
  /** `access.log.1.gz` beside the `access.log.1` it was compressed from (gzip still writing it, `gzip -k`): not read. */
  compressedCopies: string[];
  /** Directories inside it, by name: not read (a rotated series is one directory's files), but said. */
  subdirectories: string[];
  /** Files that are another of its files again (a symlink beside its target, a hard link): not read. */
  twins: { name: string; sameAs: string }[];
  /** Files that could not be looked at or read (permission denied, a symlink loop), by path, with the problem in words. */
  unreadable: { path: string; problem: string }[];
}

/**
 * Sorts a directory's files, in name order, for `extract <dir>`: rotated access logs (`access.log.2.gz`,
 * `access.log.1`, `access.log`) as much as rotated captures. Hidden and empty files are not looked at (an
 * empty one is a capture or log not written yet), as the capture reader does not.
 */
export async function sortDirectory(dir: string): Promise<DirectoryInputs> {
  const sorted: DirectoryInputs = { hasCaptures: false, logs: [], exchangeFiles: [], compressedCopies: [], subdirectories: [], twins: [], unreadable: [] };
  // Until 6 Dec passed over without a word, exit 0: a log the service user may not read (nginx's access.log is
  // root:adm 0640) was missing from the inventory, and nothing said so.
  const unreadable = (path: string) => (err: unknown) => {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') sorted.unreadable.push({ path, problem: fileProblem(err) });
    return undefined;
  };
  const listed = await listDirectoryFiles(dir, { problem: (path, err) => unreadable(path)(err), subdirectory: (name) => sorted.subdirectories.push(name) });
  const files = listed.map(({ name, stats }) => ({ name, identity: fileIdentity(stats) }));
  // The capture reader lists the directory's captures itself, and passes over the same twins (pcap/capture-files.ts).
  const twins = await sameFileTwins(dir, files);
  for (const [name, sameAs] of twins) sorted.twins.push({ name, sameAs });
  for (const { name } of files) {
    if (twins.has(name)) continue;
    const path = join(dir, name);
    const kind = await sniffInput(path).catch(unreadable(path));
    if (kind === 'capture') sorted.hasCaptures = true;
    else if (kind === 'exchange-jsonl') sorted.exchangeFiles.push(path);
    else if (kind !== undefined) sorted.logs.push(path);
  }
  const copies = new Set<string>();
  for (const path of sorted.logs) if (path.endsWith('.gz') && sorted.logs.includes(path.slice(0, -3)) && (await isCopyOf(path, path.slice(0, -3)))) copies.add(path);
  sorted.logs = sorted.logs.filter((p) => !copies.has(p));
  sorted.compressedCopies = [...copies];
  return sorted;
}

/**
 * Whether `gz` holds the text `plain` begins with: logrotate's `compress` writes `access.log.1.gz` beside
 * `access.log.1` until it is done, and both were read, every line of it counted twice.
 */
async function isCopyOf(gz: string, plain: string): Promise<boolean> {
  const [packed, text] = await Promise.all([textHead(gz).catch(() => undefined), textHead(plain).catch(() => undefined)]);
  if (!packed || !text) return false;
  // Compared over a KiB at most, and over 256 bytes at least unless the plain file is shorter: a line or two of a
  // log, more than a first line another log may share (content-prefix.ts ties rotated files the same way).
  const n = Math.min(packed.length, text.length, 1024);
  return (n >= 256 || (n > 0 && n === text.length)) && packed.subarray(0, n).equals(text.subarray(0, n));
}

/** The warning for compressed copies a directory holds beside their plain files. */
export function compressedCopiesWarning(dir: string, copies: string[]): string {
  const names = copies.map((p) => basename(p));
  return `${dir}: ${names.join(', ')} ${names.length === 1 ? 'is a compressed copy' : 'are compressed copies'} of the plain file beside it, not read (its lines would count twice)`;
}

/** The warning for a directory's files that are another of its files again. */
export function twinsWarning(dir: string, twins: DirectoryInputs['twins']): string {
  return `${dir}: ${twins.map((t) => `${t.name} is ${t.sameAs} again`).join(', ')} (a symlink or a hard link), read once`;
}

/** What `ingest` counts on its own: a file named, or one log or exchange file of a directory named. */
export interface CountingUnit {
  input: string;
  /** The directory it was found in: a file there that fits no log format is skipped with a warning. */
  foundIn?: string;
  /** A directory kept whole (of captures, or empty): read as one series, counted file by file. */
  series?: true;
}

/**
 * The inputs as `ingest` keys them, one set of batches each. A directory of logs is its files: a cron job over a
 * directory that gained a file counts the old files once (keyed by the whole directory, every new file made all
 * the old ones count again). A directory holding captures stays one unit, since a rotated series is read as one
 * capture (an exchange cut by a rotation is whole), but its exchanges are counted file by file, each under the file
 * its request was read from (bin/push/per-file-aggregators.ts).
 */
export async function countingUnits(inputs: string[], warn: (text: string) => void): Promise<CountingUnit[]> {
  const units: CountingUnit[] = [];
  for (const input of inputs) {
    const isDir = input !== '-' && (await stat(input).then((s) => s.isDirectory(), () => false));
    const dir = isDir ? await sortDirectory(input) : undefined;
    if (dir && dir.compressedCopies.length > 0) warn(compressedCopiesWarning(input, dir.compressedCopies));
    // An empty directory stays itself, so the reader says what it says of one.
    if (!dir) units.push({ input });
    else if (dir.hasCaptures || dir.logs.length + dir.exchangeFiles.length === 0) units.push({ input, series: true });
    else {
      // Its files are read one by one, not as the directory whose reading says this.
      if (dir.twins.length > 0) warn(twinsWarning(input, dir.twins));
      // A file it could not read is a unit too, whose reading says why.
      units.push(...[...dir.logs, ...dir.exchangeFiles, ...dir.unreadable.map((u) => u.path)].map((path) => ({ input: path, foundIn: input })));
    }
  }
  return units;
}
