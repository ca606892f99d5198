import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { compareNames } from './pcap/capture-files';
import { sniffInput } from './sniff-input';

/** A directory's files by the reader their first bytes call for. */
export interface DirectoryInputs {
  /** Whether it holds captures: the capture reader reads them from the directory, as rotated series. */
  hasCaptures: boolean;
  /** Logs (and whatever else is not a capture), read as if named on the command line. */
  logs: string[];
  exchangeFiles: string[];
}

/**
 * Sorts a directory's files, in name order, for `extract <dir>`: rotated access logs (`access.log.2.gz`,
 * `access.log.1`, `access.log`) as much as rotated captures. Hidden and empty files are not looked at (an
 * empty one is a capture or log not written yet), as the capture reader does not.
 */
export async function sortDirectory(dir: string): Promise<DirectoryInputs> {
  const sorted: DirectoryInputs = { hasCaptures: false, logs: [], exchangeFiles: [] };
  const names = (await readdir(dir)).filter((n) => !n.startsWith('.')).sort(compareNames);
  for (const name of names) {
    const path = join(dir, name);
    try {
      const st = await stat(path);
      if (!st.isFile() || st.size === 0) continue;
      const kind = await sniffInput(path);
      if (kind === 'capture') sorted.hasCaptures = true;
      else if (kind === 'exchange-jsonl') sorted.exchangeFiles.push(path);
      else sorted.logs.push(path);
    } catch {
      // Vanished between readdir and stat (rotation deleting old files): nothing to read.
    }
  }
  return sorted;
}

/** What `ingest` counts on its own: a file named, or one log or exchange file of a directory named. */
export interface CountingUnit {
  input: string;
  /** The directory it was found in: a file there that fits no log format is skipped with a warning. */
  foundIn?: string;
}

/**
 * The inputs as `ingest` keys them, one set of batches each. A directory of logs is its files: a cron job over a
 * directory that gained a file counts the old files once (keyed by the whole directory, every new file made all
 * the old ones count again). A directory holding captures stays one unit, since a rotated series is read as one
 * capture (an exchange cut by a rotation is whole).
 */
export async function countingUnits(inputs: string[]): Promise<CountingUnit[]> {
  const units: CountingUnit[] = [];
  for (const input of inputs) {
    const isDir = input !== '-' && (await stat(input).then((s) => s.isDirectory(), () => false));
    const dir = isDir ? await sortDirectory(input) : undefined;
    // An empty directory stays itself, so the reader says what it says of one.
    if (!dir || dir.hasCaptures || dir.logs.length + dir.exchangeFiles.length === 0) units.push({ input });
    else units.push(...[...dir.logs, ...dir.exchangeFiles].map((path) => ({ input: path, foundIn: input })));
  }
  return units;
}
