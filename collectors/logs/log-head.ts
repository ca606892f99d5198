import { open } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { inflateWhole } from '../sniff-input';
import { isCriStderr } from './cri-envelope';
import { isDockerStderr } from './docker-partials';
import { gzipChunks, plainChunks } from './file-chunks';
import { LineSplitter } from './line-splitter';

const HEAD_BYTES = 256 * 1024;
/** Lines sniffed, not counting a container's stderr lines (sniffsOn). */
const SNIFF_LINES = 50;
/**
 * How far past a head without a line break the first lines are looked for: a few lines at the 1 MiB line
 * cap (a NUL hole that copytruncate leaves when the writer lacks O_APPEND, a runaway request line).
 */
const SCAN_BYTES = 8 << 20;

export interface LogHead {
  gzip: boolean;
  /** First complete lines (non-empty), for sniffing. */
  lines: string[];
  /**
   * The head's complete lines after those, sniffed only when none of `lines` fits a format: a container's log may
   * open with a hundred lines of its agent's own log on stdout (istio-proxy's pilot-agent) before its first access line.
   */
  later: string[];
  /** First non-blank character: `{` or `[` may mean a whole-file JSON document. */
  firstChar: string;
  /** Whether the head holds the whole (decompressed) file. */
  complete: boolean;
  /**
   * The last of `lines` is the file's last line and has no newline yet (a plain file read whole): a live log may still
   * be writing it. Told from the bytes `lines` came from: a second read to ask could find it finished since, and the
   * file would be judged by a line it was not planned with.
   */
  openLine: boolean;
}

/** Reads the start of a log (through gzip) for format sniffing. */
export async function readLogHead(path: string): Promise<LogHead> {
  const fh = await open(path, 'r');
  let raw: Buffer;
  let size: number;
  try {
    size = (await fh.stat()).size;
    const buf = Buffer.alloc(Math.min(HEAD_BYTES, size));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    raw = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  const gzip = raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b;
  let head = raw;
  let complete = size <= HEAD_BYTES;
  // A whole, intact gzip file inflates to the whole log: its last line counts even without a newline.
  const whole = gzip && complete ? inflateWhole(raw, 4 * HEAD_BYTES) : undefined;
  if (whole) head = whole;
  else if (gzip) {
    try {
      // Capped: 256 KiB of a gzip bomb inflate to 256 MiB. Past the cap the streaming path below stops at HEAD_BYTES.
      head = gunzipSync(raw, { finishFlush: 2 /* Z_SYNC_FLUSH: a truncated prefix still yields its start */, maxOutputLength: 4 * HEAD_BYTES });
    } catch {
      head = await inflatedPrefix(path, size); // a broken member (read around it, as the reader will) or a bomb
    }
    complete = false;
  }
  const found = logHeadOf(head, gzip, complete);
  if (stderrFillsHead(found)) return (await withStdoutPastHead(found, gzip ? gzipChunks(path, size, () => {}) : plainChunks(path, 0))).head;
  if (found.lines.length > 0 || complete) return found;
  return { ...found, lines: await linesPastLongOnes(path, gzip, size), later: [] };
}

/** The first lines of a log whose head holds none, passing over lines too long to keep as the reader does. */
async function linesPastLongOnes(path: string, gzip: boolean, size: number): Promise<string[]> {
  const lines: string[] = [];
  let counted = 0;
  const splitter = new LineSplitter(
    (text) => {
      if (text.trim().length > 0 && counted < SNIFF_LINES) {
        lines.push(text);
        if (sniffsOn(text)) counted++;
      }
    },
    () => {},
  );
  let scanned = 0;
  for await (const chunk of gzip ? gzipChunks(path, size, () => {}) : plainChunks(path, 0)) {
    splitter.push(chunk);
    scanned += chunk.length;
    if (counted === SNIFF_LINES || scanned >= SCAN_BYTES) return lines;
  }
  splitter.finish();
  return lines;
}

/** The sniffing head of a log from its first (inflated) bytes; `complete`: they are the whole log. */
export function logHeadOf(head: Buffer, gzip: boolean, complete: boolean): LogHead {
  const text = head.toString('utf8');
  const lastNl = text.lastIndexOf('\n');
  const usable = complete ? text : text.slice(0, Math.max(0, lastNl));
  const lines: string[] = [];
  const parts = usable.split('\n');
  let lastTaken = -1;
  let counted = 0;
  for (let i = 0; i < parts.length && counted < SNIFF_LINES; i++) {
    const t = parts[i].replace(/\r$/, '');
    if (t.trim().length === 0) continue;
    const line = t.charCodeAt(0) === 0xfeff ? t.slice(1) : t;
    lines.push(line);
    if (sniffsOn(line)) counted++;
    lastTaken = i;
  }
  // A whole gzip file is finished: its last line counts without a newline.
  const openLine = complete && !gzip && lastTaken === parts.length - 1 && !text.endsWith('\n');
  const later = parts.slice(lastTaken + 1).map((p) => p.replace(/\r$/, '')).filter((l) => l.trim().length > 0);
  return { gzip, lines, later, firstChar: text.replace(/^\uFEFF/, '').trimStart().charAt(0), complete, openLine };
}

/**
 * Whether a line counts towards the lines sniffed: not a container's stderr line (CRI or Docker json-file), which is
 * the proxy's own log, a hundred lines or more at its start (Envoy, istio-proxy), before its first access line on
 * stdout. Until 6 Dec they filled the 50 lines, no format fitted, and the access log was never read. The head's
 * bytes still bound how many are read.
 */
function sniffsOn(line: string): boolean {
  return !isCriStderr(line) && !isDockerStderr(line);
}

/**
 * No line to judge a live log by yet (asked when no format fits the head): none, only one still being written, or
 * only a container's stderr lines, its proxy's own startup log, before any access line on stdout (an idle sidecar).
 * Until 6 Dec such a container log was skipped for good as no log, and its access lines never read.
 */
export function awaitsFirstLine(head: LogHead): boolean {
  return head.lines.length === 0 || (head.lines.length === 1 && head.openLine) || onlyContainerStderr(head);
}

/** The head holds lines, all a container's stderr lines (CRI or Docker json-file). */
export function onlyContainerStderr(head: Pick<LogHead, 'lines'>): boolean {
  return head.lines.length > 0 && head.lines.every((l) => !sniffsOn(l));
}

/** A container log's head that holds its runtime's stderr lines only, and is not the whole log. */
export function stderrFillsHead(head: LogHead): boolean {
  return !head.complete && head.later.every((l) => !sniffsOn(l)) && onlyContainerStderr(head);
}

/**
 * A container log whose head holds only its runtime's stderr lines: an Envoy or istio-proxy that logged more of its
 * own startup than the 256 KiB head before its first request. The first lines past them not on stderr (up to the
 * lines sniffed, within SCAN_BYTES of `from`) join `later`, which is sniffed when the head's lines fit no format.
 * Until 6 Dec such a log was "nothing to read yet" for good, and its access lines were never read. `scannedTo`: the
 * end of the last whole line scanned, where a follower may look on from when nothing but stderr was found.
 */
export async function withStdoutPastHead(head: LogHead, chunks: AsyncIterable<Buffer>, from = 0): Promise<{ head: LogHead; scannedTo: number }> {
  const found: string[] = [];
  const take = (text: string) => {
    if (found.length < SNIFF_LINES && text.trim().length > 0 && sniffsOn(text)) found.push(text);
  };
  const splitter = new LineSplitter(take, () => {}, { offset: from, lineNo: 0 });
  let scanned = 0;
  for await (const chunk of chunks) {
    splitter.push(chunk);
    scanned += chunk.length;
    if (found.length === SNIFF_LINES || scanned >= SCAN_BYTES) break;
  }
  return { head: found.length > 0 ? { ...head, later: [...head.later, ...found] } : head, scannedTo: splitter.offset };
}

async function inflatedPrefix(path: string, size: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of gzipChunks(path, size, () => {})) {
    parts.push(Buffer.from(chunk));
    length += chunk.length;
    if (length >= HEAD_BYTES) break;
  }
  return Buffer.concat(parts);
}
