import type { ContentDigestRequest } from '../content-digest';
import type { ExchangeSink } from '../extract-types';
import type { FingerprintKey } from './exchange-fields';
import { jsonBytesOf } from './json-bytes';
import type { LineFormat, LineOrigin } from './line-format';
import { LineSplitter, MAX_LINE_BYTES } from './line-splitter';
import type { Tally } from './tally';

/** Where a file was read to: after its last complete line, and the first part of a line held in parts, if any. */
export interface FilePosition {
  offset: number;
  lineNo: number;
  /** Where the first part of a line not yet whole starts (the line before it): a resume reads from there. */
  partsFrom?: { offset: number; lineNo: number };
}

/** One file's reader: its lines split, parsed and counted, and the position a checkpoint keeps. */
export interface LineFeeder {
  push(chunk: Buffer): void;
  /**
   * End of the file: a last line without a newline is read, and a line left in parts is malformed, unless
   * `keepHeld` (the next file of its rotated set may end it: reportHeld says what it did not).
   */
  finish(keepHeld?: boolean): void;
  /** The lines still in parts, malformed: after the next file of the set was read (finish with keepHeld). */
  reportHeld(): void;
  dropPartial(): boolean;
  readonly pending: number;
  readonly lineNo: number;
  position(): FilePosition;
  /** Where reading starts: `start`, or before it the first part of a line held when it was saved. */
  readonly readFrom: number;
}

/**
 * Feeds one file's bytes through the splitter and its format, counting as it goes. The per-line
 * origin object is reused: parsers copy it into the record, and a fresh one per line costs time.
 * Resumed with `partsFrom`, the lines from there to `start` are read again only to give the format the parts
 * it held: nothing in them is emitted or counted a second time.
 */
export function createLineFeeder(
  file: string,
  format: LineFormat,
  tally: Tally,
  sink: ExchangeSink,
  start: FilePosition = { offset: 0, lineNo: 0 },
  emitJson?: (json: string) => void,
): LineFeeder {
  const origin: LineOrigin = { file, line: 0 };
  const replayThrough = start.partsFrom ? start.lineNo : 0;
  // Held lines' first parts by line number → the byte offset their line starts at.
  const heldStarts = format.heldLines ? new Map<number, number>() : undefined;
  const noteHeld = (lineNo: number) => {
    if (heldStarts && format.heldLines!().includes(lineNo)) heldStarts.set(lineNo, splitter.lineStart);
  };
  const emit = (ex: Parameters<ExchangeSink>[0]) => {
    tally.exchanges++;
    sink(ex);
  };
  const lane = emitJson && format.jsonLane ? format.jsonLane(file) : undefined;
  const bytesOut = jsonBytesOf(emitJson);
  const byteLane = bytesOut && format.byteLane?.(file, bytesOut);
  const splitter = new LineSplitter(
    (text, lineNo, plain) => {
      if (lineNo <= replayThrough) {
        origin.line = lineNo;
        try {
          format.parse(text, origin, () => {});
        } catch {
          // Said (and counted) when the line was first read.
        }
        noteHeld(lineNo);
        return;
      }
      tally.lines++;
      if (lane) {
        const json = lane(text, lineNo, plain);
        if (json !== undefined) {
          tally.exchanges++;
          emitJson!(json);
          return;
        }
      }
      origin.line = lineNo;
      // A line replayed only to give the format its parts (above) or one that threw counted its batch's records there.
      if (origin.unreadRecords) origin.unreadRecords = 0;
      origin.skipReason = undefined;
      let status;
      try {
        status = format.parse(text, origin, emit);
      } catch (err) {
        // Parsers return statuses; a throw is our bug, and still must not end the file. Its message may quote
        // the line (V8's JSON.parse and BigInt errors do), and lines carry credentials: the kind of error only.
        tally.malformedLine(file, lineNo, format.name, `parser failed (${err instanceof Error ? err.name : 'error'}; please report it)`);
        return;
      }
      if (status === 'invalid') tally.malformedLine(file, lineNo, format.name);
      else if (status === 'skip' && origin.skipReason) tally.skippedLine(file, lineNo, origin.skipReason);
      else if (status === 'skip') tally.skipped++;
      if (origin.unreadRecords) {
        // A batch line read in part: counted as malformed too, so what was not read is said (its file and line).
        if (status === 'ok') tally.malformedLine(file, lineNo, format.name, `${origin.unreadRecords} of its records not read as ${format.name}`);
        origin.unreadRecords = 0;
      }
      noteHeld(lineNo);
    },
    (lineNo) => {
      if (lineNo <= replayThrough) return;
      tally.lines++;
      tally.malformedLine(file, lineNo, format.name, `line longer than ${MAX_LINE_BYTES} bytes, skipped`);
    },
    start.partsFrom ?? start,
    byteLane &&
      ((buf, at, lineNo) => {
        const nl = byteLane(buf, at, lineNo);
        if (nl !== -1) {
          tally.lines++;
          tally.exchanges++;
        }
        return nl;
      }),
  );
  return {
    push: (chunk) => splitter.push(chunk),
    finish(keepHeld = false) {
      splitter.finish();
      if (!keepHeld) this.reportHeld();
    },
    reportHeld() {
      // A runtime stopped mid-line (killed container, node shutdown) leaves parts no last part will join: said, not lost.
      for (const line of format.heldLines?.() ?? []) tally.malformedLine(file, line, format.name, 'a line split in parts whose last part never came');
    },
    dropPartial: () => splitter.dropPartial(),
    get pending() {
      return splitter.pending;
    },
    get lineNo() {
      return splitter.lineNo;
    },
    position(): FilePosition {
      // Still reading again what was read before the stop: the saved position stands.
      if (splitter.lineNo < replayThrough) return start;
      const at = { offset: splitter.offset, lineNo: splitter.lineNo };
      if (!heldStarts) return at;
      const held = format.heldLines!();
      for (const line of heldStarts.keys()) if (!held.includes(line)) heldStarts.delete(line);
      const from = held.length > 0 ? heldStarts.get(held[0]) : undefined;
      return from === undefined ? at : { ...at, partsFrom: { offset: from, lineNo: held[0] - 1 } };
    },
    readFrom: (start.partsFrom ?? start).offset,
  };
}

export interface ReadContext {
  tally: Tally;
  sink: ExchangeSink;
  /** The fast lane's output (see ExtractOptions.emitJson); the sink is used when absent. */
  emitJson?: (json: string) => void;
  key: FingerprintKey;
  signal?: AbortSignal;
  onProgress?: (progress: { input: string; bytesRead: number; bytesTotal?: number }) => void;
  /**
   * `file` is read on from the checkpoint of the log `from` (a copy: logrotate's copytruncate, or compressed): its
   * records are that log's to a follower that owes the output some of them (log-resume.ts).
   */
  continuedIn?: (file: string, from: { dev: string; ino: string }) => void;
  /** The text of the log `log` was is gone (truncated in place, no copy kept): it makes no more records (log-resume.ts). */
  ended?: (path: string, log: { dev: string; ino: string }) => void;
  /** Each file read whole from its first byte: its digest, taken as it is read (content-digest.ts). */
  contentDigest?: ContentDigestRequest;
}
