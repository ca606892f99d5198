import type { FingerprintKey } from './exchange-fields';
import { isObject, isSkippedRecord, type JsonObject, type JsonRecordFormat } from './json-record';
import type { EmitExchange, LineFormat, LineOrigin, LineStatus } from './line-format';
import { blankText } from './line-splitter';
import { parseLoggedJson } from './nginx-escaped-json';
import { isOtlpTraces, otlpExchanges } from './otlp';

/**
 * One JSON object a line. Each object is classified by its keys, after unwrapping the envelopes logs
 * travel in: Docker's json-file (`{"log": "…"}`), Kubernetes/ambassador shippers (`{"message": "…"}`),
 * CloudWatch Logs subscription payloads (`{"logEvents": [{"message": "…"}]}`) and CloudWatch exports
 * (`2023-07-26T12:07:03.000Z {…}`). A wrapped text line goes to the text formats.
 */
export function createJsonLinesFormat(
  records: JsonRecordFormat[],
  textFormats: LineFormat[],
  key: FingerprintKey,
  name = 'json',
): LineFormat & { lastRecordFormat?: string; parseValue: (value: unknown, origin: LineOrigin, emit: EmitExchange) => LineStatus } {
  const format = {
    name,
    lastRecordFormat: undefined as string | undefined,
    looksLike: (line: string) => line.charCodeAt(0) === 123 || /^\d{4}-\d{2}-\d{2}T\S+ \{/.test(line),
    parse(line: string, origin: LineOrigin, emit: EmitExchange): LineStatus {
      let text = line;
      if (text.charCodeAt(0) !== 123) {
        // CloudWatch export: `<ISO timestamp> <message>`.
        const sp = text.indexOf(' ');
        if (sp < 10 || text.charCodeAt(sp + 1) !== 123) return 'invalid';
        text = text.slice(sp + 1);
      }
      const parsed = parseLoggedJson(text);
      if (!parsed) return text.includes(FIREHOSE_JOIN) ? firehoseRecords(text, origin, emit) : 'invalid';
      return format.parseValue(parsed.value, origin, emit);
    },
    parseValue(value: unknown, origin: LineOrigin, emit: EmitExchange, depth = 0): LineStatus {
      if (!isObject(value) || depth > 3) return 'invalid';
      if (isOtlpTraces(value)) {
        format.lastRecordFormat = 'otlp';
        const c = otlpExchanges(value, origin.file, origin.line, key, emit);
        return c.exchanges > 0 ? 'ok' : c.invalid > 0 ? 'invalid' : 'skip';
      }
      if (Array.isArray(value.logEvents)) return cloudWatchEvents(value.logEvents, origin, emit, depth);
      // Azure diagnostic settings to an Event Hub: `{"records": [resource log, …]}`.
      if (Array.isArray(value.records)) return eachRecord(value.records, origin, emit, depth);
      for (const r of records) {
        if (!r.matches(value)) continue;
        format.lastRecordFormat = r.name;
        const ex = r.toExchange(value, key);
        if (ex === 'skip' || ex === 'invalid') return ex;
        if (isSkippedRecord(ex)) {
          origin.skipReason = ex.skipped;
          return 'skip';
        }
        ex.source = { file: origin.file, line: origin.line };
        emit(ex);
        return 'ok';
      }
      const wrapped = wrappedText(value);
      if (wrapped === undefined) return isLoggerLine(value) ? 'skip' : 'invalid';
      if (wrapped.charCodeAt(0) === 123) {
        const parsed = parseLoggedJson(wrapped);
        return parsed ? format.parseValue(parsed.value, origin, emit, depth + 1) : 'invalid';
      }
      const text = wrapped.replace(/\r?\n$/, '');
      // Docker's line for a blank one (`{"log":"\n"}`) is no line to read, as in a plain log: until 6 Dec malformed.
      if (blankText(text)) return 'skip';
      for (const t of textFormats) {
        const status = t.parse(text, origin, emit);
        if (status !== 'invalid') {
          format.lastRecordFormat = t.name;
          return status;
        }
      }
      return isLoggerLine(value) ? 'skip' : 'invalid';
    },
  };

  /** Kinesis Firehose delivers CloudWatch Logs payloads back to back, with no separator. */
  function firehoseRecords(text: string, origin: LineOrigin, emit: EmitExchange): LineStatus {
    let ok = 0;
    let bad = 0;
    for (const part of text.split(FIREHOSE_JOIN).map((p, i, all) => (i > 0 ? '{"messageType"' : '') + p + (i < all.length - 1 ? '}' : ''))) {
      const status = safeParse(part, (v) => format.parseValue(v, origin, emit));
      if (status === 'ok') ok++;
      else if (status === 'invalid') bad++;
    }
    return batchStatus(ok, bad, origin);
  }

  function eachRecord(records: unknown[], origin: LineOrigin, emit: EmitExchange, depth: number): LineStatus {
    let ok = 0;
    let bad = 0;
    for (const r of records) {
      const status = format.parseValue(r, origin, emit, depth + 1);
      if (status === 'ok') ok++;
      else if (status === 'invalid') bad++;
    }
    return batchStatus(ok, bad, origin);
  }

  function cloudWatchEvents(events: unknown[], origin: LineOrigin, emit: EmitExchange, depth: number): LineStatus {
    let ok = 0;
    let bad = 0;
    for (const e of events) {
      const message = isObject(e) ? e.message : undefined;
      if (typeof message !== 'string') {
        bad++;
        continue;
      }
      const status = message.charCodeAt(0) === 123
        ? safeParse(message, (v) => format.parseValue(v, origin, emit, depth + 1))
        : format.parse(message, origin, emit);
      if (status === 'ok') ok++;
      else if (status === 'invalid') bad++;
    }
    return batchStatus(ok, bad, origin);
  }
  return format;
}

/** A batch is read when any of its records is; the others the format could not read are counted on the origin. */
function batchStatus(ok: number, bad: number, origin: LineOrigin): LineStatus {
  if (ok === 0) return bad > 0 ? 'invalid' : 'skip';
  if (bad > 0) origin.unreadRecords = (origin.unreadRecords ?? 0) + bad;
  return 'ok';
}

const FIREHOSE_JOIN = '}{"messageType"';

function safeParse(text: string, then: (value: unknown) => LineStatus): LineStatus {
  const parsed = parseLoggedJson(text);
  return parsed ? then(parsed.value) : 'invalid';
}

/**
 * A proxy's own log line in its access log stream (Traefik writes both to stdout by default): logrus's
 * `{"level","msg","time"}` (Traefik v2) or zerolog's `{"level","message","time"}` (v3), holding no access entry.
 * Well-formed, not an exchange: skipped, as Caddy's zap lines are (caddy.ts). Its message says something: Traefik's
 * access entries go through logrus too, with `"msg":""`, and one no reader given took (`--format kong` on a Traefik
 * log) was skipped as such a line until 6 Dec, a whole log read as nothing, unsaid.
 */
function isLoggerLine(value: JsonObject): boolean {
  const message = value.msg ?? value.message;
  return typeof value.level === 'string' && typeof value.time === 'string' && typeof message === 'string' && message !== '';
}

function wrappedText(value: JsonObject): string | undefined {
  const inner = value.log ?? value.message ?? value.msg;
  return typeof inner === 'string' && inner.length > 0 ? inner : undefined;
}
