import { readFile, stat } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { ContentDigest } from '../content-digest';
import { createHarFormat } from './har';
import { createJsonLinesFormat } from './json-lines';
import { describeJsonError } from '../../lib/security/json-syntax-error';
import { isObject } from './json-record';
import type { LineFormat, LineOrigin } from './line-format';
import { isOtlpTraces, otlpExchanges } from './otlp';
import type { ReadContext } from './log-reader';
import { concatenatedJson } from './json-sequence';
import { parseLoggedJson } from './nginx-escaped-json';

/** A JSON document is parsed whole; past this size it is refused rather than exhausting memory. */
const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;

/**
 * True when a file that starts with `{` or `[` is one JSON document rather than JSON lines: its first
 * line is not a complete JSON value (pretty-printed HAR, OTLP or Kong examples), or it is a HAR. A first
 * line that is not JSON while most of the lines after it are objects each is a cut first record (a log
 * truncated in place, a rotation mid-write): the file is JSON lines, and that line is counted malformed.
 */
export function isJsonDocument(lines: string[], firstChar: string): boolean {
  if (firstChar !== '{' && firstChar !== '[') return false;
  const [firstLine, ...rest] = lines;
  if (firstLine === undefined) return true;
  // `[2019-04-08T16:50:12.533Z] "GET …` is Envoy, not an array.
  if (firstChar === '[' && !/^\s*\[\s*(?:[{["\]]|$)/.test(firstLine)) return false;
  const value = parseOrUndefined(firstLine);
  if (value !== undefined) return Array.isArray(value) || (isObject(value) && isObject(value.log) && 'entries' in value.log);
  // A document written one record a line (`[`, `{…},`, …, `{…}`, `]`) has objects on its lines too, but
  // with commas after all but the last.
  return rest.filter((l) => isObject(parseOrUndefined(l))).length * 2 <= rest.length;
}

/** A line's JSON value: an nginx JSON format without `escape=json` writes `\xHH` (nginx-escaped-json.ts). */
function parseOrUndefined(text: string): unknown {
  return parseLoggedJson(text)?.value;
}

/** Reads a whole-file JSON document: HAR, OTLP traces, or JSON records (one object or an array). */
export async function readJsonDocument(
  path: string,
  gzip: boolean,
  /** The records' reader; none for `--format har`, which reads HAR alone. */
  json: ReturnType<typeof createJsonLinesFormat> | LineFormat | undefined,
  ctx: ReadContext,
): Promise<string> {
  const raw = await readFile(path);
  const digest = ContentDigest.start(ctx.contentDigest, path);
  digest?.update(raw);
  digest?.finish();
  return parseJsonDocument(path, raw, gzip, json, ctx, async () => ({ time: (await stat(path)).mtime.toISOString(), what: "the file's modification time" }));
}

/** A JSON document read from a stream (standard input, already inflated), at most MAX_DOCUMENT_BYTES of it. */
export async function readJsonDocumentStream(
  name: string,
  stream: AsyncIterable<Buffer>,
  json: ReturnType<typeof createJsonLinesFormat> | LineFormat | undefined,
  ctx: ReadContext,
): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    length += chunk.length;
    if (length > MAX_DOCUMENT_BYTES) throw new Error(`JSON document larger than ${MAX_DOCUMENT_BYTES} bytes`);
    chunks.push(chunk);
  }
  // Half a document is not one: a stop request before its end reads none of it.
  if (ctx.signal?.aborted) throw new Error('stopped on request before the end of the JSON document');
  return parseJsonDocument(name, Buffer.concat(chunks), false, json, ctx, async () => ({ time: new Date().toISOString(), what: 'the time it was read' }));
}

async function parseJsonDocument(
  path: string,
  raw: Buffer,
  gzip: boolean,
  json: ReturnType<typeof createJsonLinesFormat> | LineFormat | undefined,
  ctx: ReadContext,
  /** For HAR entries without a time: the file's modification time, or when a stream was read. */
  fallbackTime: () => Promise<{ time: string; what: string }>,
): Promise<string> {
  if (raw.length > MAX_DOCUMENT_BYTES) throw new Error(`JSON document larger than ${MAX_DOCUMENT_BYTES} bytes`);
  const text = (gzip ? gunzipDocument(raw) : raw).toString('utf8').replace(/^\uFEFF/, '');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // Records pretty-printed one after another (`jq .`): each is an entry, numbered as an array's are.
    doc = concatenatedJson(text);
    if (doc === undefined) throw new Error(`not a JSON document (${describeJsonError(text)})`);
  }
  ctx.tally.documents++;
  const emit = (ex: Parameters<ReadContext['sink']>[0]) => {
    ctx.tally.exchanges++;
    ctx.sink(ex);
  };
  const har = createHarFormat(ctx.key);
  if (har.matches(doc)) {
    const fallback = await fallbackTime();
    const c = har.parseDocument(doc, path, emit, fallback.time);
    noteEntries(ctx, path, 'HAR entries', c.invalid, c.skipped);
    if (c.credentialsRemoved) ctx.tally.warn(`${path}: exported by Chrome without its sensitive data (no Cookie, Authorization or Set-Cookie in any entry): whether a request carried a session cookie or an Authorization header is not known, so none is counted as unauthenticated for lack of one; export it with sensitive data for auth evidence (Lantern keeps only kinds and keyed fingerprints)`);
    if (c.undated > 0) ctx.tally.warn(`${path}: ${c.undated} HAR entries have no startedDateTime; ${fallback.what} (${fallback.time}) stands in`);
    return 'har';
  }
  if (json === undefined) throw new Error('not a HAR file (--format har)');
  if (isOtlpTraces(doc)) {
    const c = otlpExchanges(doc, path, undefined, ctx.key, emit);
    noteEntries(ctx, path, 'spans', c.invalid, c.skipped);
    return 'otlp';
  }
  const items = Array.isArray(doc) ? doc : [doc];
  const parseValue = 'parseValue' in json ? json.parseValue : undefined;
  let invalid = 0;
  items.forEach((item, i) => {
    const origin: LineOrigin = { file: path, line: i + 1 };
    const status = parseValue ? parseValue(item, origin, emit) : 'invalid';
    if (status === 'invalid') invalid++;
    else if (status === 'skip' && origin.skipReason) ctx.tally.skippedLine(path, i + 1, origin.skipReason);
    else if (status === 'skip') ctx.tally.skipped++;
  });
  if (invalid === items.length) throw new Error('JSON document of no known shape (not HAR, OTLP traces or access-log records)');
  noteEntries(ctx, path, 'records', invalid, 0);
  return 'lastRecordFormat' in json && json.lastRecordFormat ? json.lastRecordFormat : 'json';
}

function noteEntries(ctx: ReadContext, path: string, what: string, invalid: number, skipped: number): void {
  ctx.tally.skipped += skipped;
  if (invalid > 0) {
    ctx.tally.malformed += invalid;
    ctx.tally.warn(`${path}: ${invalid} ${what} could not be read`);
  }
}

/** The size limit holds after decompression too: a 1 MB .har.gz must not inflate to gigabytes (zip bomb). */
function gunzipDocument(raw: Buffer): Buffer {
  try {
    return gunzipSync(raw, { maxOutputLength: MAX_DOCUMENT_BYTES });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new Error(`JSON document larger than ${MAX_DOCUMENT_BYTES} bytes once decompressed`);
    throw err;
  }
}
