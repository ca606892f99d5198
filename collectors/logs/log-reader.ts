import type { ExchangeSink } from '../extract-types';
import type { FingerprintKey } from './exchange-fields';
import { jsonBytesOf } from './json-bytes';
import type { LineFormat } from './line-format';
import { LineSplitter, MAX_LINE_BYTES } from './line-splitter';
import type { Tally } from './tally';

/**
 * Feeds one file's bytes through the splitter and its format, counting as it goes. The per-line
 * origin object is reused: parsers copy it into the record, and a fresh one per line costs time.
 */
export function createLineFeeder(
  file: string,
  format: LineFormat,
  tally: Tally,
  sink: ExchangeSink,
  start?: { offset: number; lineNo: number },
  emitJson?: (json: string) => void,
): LineSplitter {
  const origin = { file, line: 0 };
  const emit = (ex: Parameters<ExchangeSink>[0]) => {
    tally.exchanges++;
    sink(ex);
  };
  const lane = emitJson && format.jsonLane ? format.jsonLane(file) : undefined;
  const bytesOut = jsonBytesOf(emitJson);
  const byteLane = bytesOut && format.byteLane?.(file, bytesOut);
  return new LineSplitter(
    (text, lineNo, plain) => {
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
      else if (status === 'skip') tally.skipped++;
    },
    (lineNo) => {
      tally.lines++;
      tally.malformedLine(file, lineNo, format.name, `line longer than ${MAX_LINE_BYTES} bytes, skipped`);
    },
    start,
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
}

export interface ReadContext {
  tally: Tally;
  sink: ExchangeSink;
  /** The fast lane's output (see ExtractOptions.emitJson); the sink is used when absent. */
  emitJson?: (json: string) => void;
  key: FingerprintKey;
  signal?: AbortSignal;
  onProgress?: (progress: { input: string; bytesRead: number; bytesTotal?: number }) => void;
}
