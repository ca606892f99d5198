import { compareNames } from '../directory-files';
import type { CaptureFile } from './capture-files';

/**
 * The rotated captures of a followed directory that are complete, in the order they were written.
 *
 * A capture writer (tcpdump -C/-G, dumpcap -b) only opens its next file after closing the previous one, so
 * every file but the one modified last is complete. "Modified last", not "last in name order": with a ring
 * (tcpdump -C N -W M) names are reused, and after the ring wraps the file being written is `trace.pcap0` while
 * the finished `trace.pcap3` still sorts last (taking the last name as the open one lost every M-th file and
 * read the open one early). Files are grouped into series by their name with digit runs and a `.gz` suffix
 * ignored (`trace.pcap`, `trace.pcap7`, `trace.pcap12.gz` are one series; `a-1.pcap` and `b-1.pcap` two), so two
 * writers in one directory each keep their open file. Every file modified at the series' newest time is
 * treated as open: file times are coarse, and a ring that wraps can close one file and open the next within
 * one tick.
 */
export function completedCaptures(files: readonly CaptureFile[]): CaptureFile[] {
  const present = new Set(files.map((f) => f.name));
  const newest = new Map<string, number>();
  for (const f of files) {
    // A compression under way (tcpdump -z gzip) is newer than the open capture, which may be idle.
    if (compressing(f.name, present)) continue;
    const series = seriesOf(f.name);
    newest.set(series, Math.max(newest.get(series) ?? -Infinity, f.mtimeMs));
  }
  return files.filter((f) => !compressing(f.name, present) && f.mtimeMs < newest.get(seriesOf(f.name))!).sort((a, b) => a.mtimeMs - b.mtimeMs || compareNames(a.name, b.name));
}

/** `X.gz` while `X` still exists: gzip is writing it. */
function compressing(name: string, present: ReadonlySet<string>): boolean {
  return /\.gz$/i.test(name) && present.has(name.slice(0, -3));
}

/**
 * A directory's captures (in name order) as runs of consecutive files of one series: each run is read by one engine,
 * so exchanges cut by a rotation are whole (extractCaptureSeries); files of another series start a run of their own.
 */
export function rotatedSeries(files: readonly CaptureFile[]): CaptureFile[][] {
  const runs: CaptureFile[][] = [];
  let series: string | undefined;
  for (const f of files) {
    const s = seriesOf(f.name);
    if (s === series) runs[runs.length - 1].push(f);
    else runs.push([f]);
    series = s;
  }
  return runs;
}

/** A rotated file's series: its name without digit runs and `.gz`. */
export function seriesOf(name: string): string {
  return name.replace(/\.gz$/i, '').replace(/\d+/g, '');
}

/** A file as it was when it was read: a new file reusing the name (a ring) differs in size or time. */
export interface FileIdentity {
  size: number;
  mtimeMs: number;
}

export interface FollowPlan {
  /** Complete and not read yet, in the order they were written. */
  read: CaptureFile[];
  /** Compressed copies of files already read (tcpdump -z gzip): recorded as read, not read again. */
  compressed: CaptureFile[];
  /** Names read before that are gone (rotation deleted them): forgotten, so the record does not grow forever. */
  gone: string[];
}

/**
 * What one listing of a followed directory calls for, given what was read before. tcpdump -z gzip compresses
 * each closed file beside it: while both `X` and `X.gz` exist the compression is under way and neither is
 * touched; then `X.gz` replaces `X` with `X`'s modification time (gzip keeps it), which is how it is known
 * for the file already read and not counted twice.
 */
export function followPlan(files: readonly CaptureFile[], done: Readonly<Record<string, FileIdentity>>): FollowPlan {
  const present = new Set(files.map((f) => f.name));
  const plan: FollowPlan = { read: [], compressed: [], gone: [] };
  for (const f of completedCaptures(files)) {
    const plain = /\.gz$/i.test(f.name) ? f.name.slice(0, -3) : undefined;
    // Being compressed: the compressed copy comes next (completedCaptures leaves out the copy in progress).
    if (plain === undefined && present.has(`${f.name}.gz`)) continue;
    const seen = done[f.name];
    if (seen && seen.size === f.size && seen.mtimeMs === f.mtimeMs) continue;
    if (plain !== undefined && done[plain]?.mtimeMs === f.mtimeMs) plan.compressed.push(f);
    else plan.read.push(f);
  }
  for (const name of Object.keys(done)) {
    if (!present.has(name) && !present.has(`${name}.gz`)) plan.gone.push(name);
  }
  return plan;
}
