import { closeSync, fstatSync, ftruncateSync, openSync, readSync } from 'node:fs';
import type { OutputMark } from './checkpoint-store';

/**
 * Exactly-once output across kills, when the output is a regular file. A checkpoint records the
 * output file's size after the records it covers were flushed. After a kill, the file may hold
 * records written past that mark whose checkpoint never landed: they are counted here per log, a torn
 * last record is cut off, and the follower drops that many of each log's records before writing them
 * again (a log follower; a capture follower drops them by identity, follow-captures.ts). When the output
 * is a pipe or a terminal this cannot be known: delivery there is at-least-once, and a kill can
 * repeat the records of the chunk being read (the writer flushes as it goes, the checkpoint follows).
 */
export function outputMark(fd: number | undefined): OutputMark | undefined {
  if (fd === undefined) return undefined;
  try {
    const st = fstatSync(fd, { bigint: true });
    if (!st.isFile()) return undefined;
    return { dev: st.dev.toString(), ino: st.ino.toString(), size: Number(st.size) };
  } catch {
    return undefined;
  }
}

/**
 * The records a log follower resuming from its checkpoints makes again that are in the output already (to be
 * skipped), after cutting a torn record, counted per log: those counted `ahead` of the mark, and its own written past
 * it. Others write there too, and none of theirs may count: the exchange files named with the logs are written at each
 * start before the follower writes (log-resume.ts moves the mark past them, `othersPast` saying so until then), and a
 * capture follower's records, written past the mark at any time, name a packet, as no log record does. `logOf`: the
 * log a record of the file it names is owed by (undefined: by none, as another extract's past this set's own mark;
 * log-resume.ts tells this set's from those it carries for another set). Under '' the records that name no log, and a count from before 7 Dec: any record
 * made again pays them first, as every record did until then.
 */
export function recordsOwed(fd: number | undefined, mark: OutputMark | undefined, logOf: (file: string) => string | undefined = (file) => file): Map<string, number> {
  const owed = new Map<string, number>();
  const add = (key: string, n = 1) => owed.set(key, (owed.get(key) ?? 0) + n);
  const past = new Map<string, number>();
  forEachLinePastMark(fd, mark, (line) => {
    const s = sourceOf(line);
    if (s.packet !== undefined) return;
    const key = s.file === undefined ? '' : logOf(s.file);
    if (key !== undefined) past.set(key, (past.get(key) ?? 0) + 1);
  });
  if (!mark || !sameFile(outputMark(fd), mark)) return owed;
  if (mark.ahead) add('', mark.ahead);
  for (const [key, n] of Object.entries(mark.aheadBy ?? {})) add(key, n);
  if (!mark.othersPast) for (const [key, n] of past) add(key, n);
  return owed;
}

function sameFile(a: OutputMark | undefined, b: OutputMark): boolean {
  return a !== undefined && a.dev === b.dev && a.ino === b.ino;
}

function sourceOf(line: string): { file?: string; packet?: unknown } {
  try {
    const source = (JSON.parse(line) as { source?: { file?: unknown; packet?: unknown } }).source;
    return { file: typeof source?.file === 'string' ? source.file : undefined, packet: source?.packet };
  } catch {
    return {}; // not a record of ours: counted, as before
  }
}

/**
 * Each record (JSON line, without its newline) written past the last checkpoint, in order, after cutting a torn
 * record. Read `chunkSize` bytes at a time and handed over one by one: what lies past a mark can be another set's
 * week of records (`extract --follow capsA/ >> out` while capsB's follower was stopped), and until 7 Dec the whole of
 * it was read into one buffer and split into an array at the start. What is held is a chunk and the record being
 * split.
 */
export function forEachLinePastMark(fd: number | undefined, mark: OutputMark | undefined, onLine: (line: string) => void, chunkSize = 1 << 16): void {
  const now = outputMark(fd);
  if (!now || !mark || !sameFile(now, mark) || now.size <= mark.size) return;
  const length = now.size - mark.size;
  // stdout is opened write-only; /proc gives a readable description of the same file (Linux).
  let readFd: number;
  try {
    readFd = openSync(`/proc/self/fd/${fd}`, 'r');
  } catch {
    return;
  }
  const chunk = Buffer.alloc(Math.min(chunkSize, length));
  // The start of a record that began in an earlier chunk, and where the last whole record ends (relative to the mark).
  let partial: Buffer[] = [];
  let whole = 0;
  try {
    for (let read = 0; read < length; ) {
      const n = readSync(readFd, chunk, 0, Math.min(chunk.length, length - read), mark.size + read);
      if (n === 0) break;
      const data = chunk.subarray(0, n);
      let start = 0;
      for (let i = data.indexOf(10); i !== -1; i = data.indexOf(10, i + 1)) {
        const piece = data.subarray(start, i);
        onLine(partial.length === 0 ? piece.toString('utf8') : Buffer.concat([...partial, piece]).toString('utf8'));
        partial = [];
        start = i + 1;
        whole = read + start;
      }
      // Copied: the chunk is read into again.
      if (start < n) partial.push(Buffer.from(data.subarray(start)));
      read += n;
    }
  } finally {
    closeSync(readFd);
  }
  if (whole !== length) ftruncateSync(fd!, mark.size + whole);
}
