import { stat } from 'node:fs/promises';
import { ContentDigest } from '../content-digest';
import type { StreamInput } from '../stream-input';
import { plainChunks, gzipChunks } from './file-chunks';
import type { LineFormat } from './line-format';
import { logHeadOf, onlyContainerStderr, readLogHead, type LogHead } from './log-head';
import { createLineFeeder, type FilePosition, type LineFeeder, type ReadContext } from './log-reader';
import { isJsonDocument, readJsonDocument, readJsonDocumentStream } from './read-document';
import { sniffHead, type LineFormats } from './registry';
import { fileProblem } from '../../lib/file-problem';

const EMPTY = 'empty (or blank): nothing to read';
const STDERR_ONLY = "only its container's stderr lines, none an access line (the proxy's own log): nothing to read yet";

export type { FilePosition };

/** The reader a file calls for, or why none fits. `document` files are read whole, not by line. */
export type FilePlan =
  /** `note`: the format the user gave (`--nginx-format`) fitted worse than this one (registry.ts passedOverNote). */
  | { kind: 'lines'; format: LineFormat; head: LogHead; note?: string }
  | { kind: 'document'; head: LogHead }
  /** `message`: why it has nothing to read when it is not empty (an idle sidecar's container log). */
  | { kind: 'empty'; head: LogHead; message?: string }
  | { kind: 'unknown'; head: LogHead; message: string };

export async function planFile(path: string, formats: LineFormats): Promise<FilePlan> {
  return planFromHead(await readLogHead(path), formats);
}

function planFromHead(head: LogHead, formats: LineFormats): FilePlan {
  if (formats.documents && isJsonDocument(head.lines, head.firstChar)) return { kind: 'document', head };
  // An empty file (a log just rotated, a capture tcpdump has not written yet) says so, not that a line is missing.
  if (head.complete && head.firstChar === '') return { kind: 'empty', head };
  // Forced, a format needs no line to be told from: a file whose lines are all too long still gets read (and counted).
  if (head.lines.length === 0 && !formats.forced) return { kind: 'unknown', head, message: 'no complete line to tell the format from' };
  const sniffed = sniffHead(head, formats);
  if ('format' in sniffed) return { kind: 'lines', format: sniffed.format, head, ...(sniffed.note ? { note: sniffed.note } : {}) };
  // An idle sidecar (Envoy's startup on stderr, no request yet) is no failure: a followed one is waited on (fd-reader.ts).
  if (onlyContainerStderr(head)) return { kind: 'empty', head, message: STDERR_ONLY };
  // `--format har`, the only one reading no line: its format was given, and is not this file's.
  if (formats.documents && !formats.forced && formats.candidates.length === 0) return { kind: 'unknown', head, message: 'not a HAR file (--format har)' };
  return {
    kind: 'unknown',
    head,
    message: `no known log format fits its first ${head.lines.length} lines (tried: ${sniffed.tried.join(', ')}); use --format, --nginx-format or --apache-format`,
  };
}

/**
 * Reads a whole file (plain or gzip) from `start`. Returns the position after its last line, or
 * undefined when the file could not be read (reported in the tally).
 */
export async function readStaticFile(
  path: string,
  formats: LineFormats,
  ctx: ReadContext,
  start: FilePosition = { offset: 0, lineNo: 0 },
  afterChunk?: (position: FilePosition) => Promise<void>,
  /** A rotated set's files in turn: the reader of the one before, and whether one follows (RotatedChain). */
  chain?: { after?: LineFormat; more: boolean },
): Promise<{ end: FilePosition; format: string; complete: boolean; reader?: ChainedReader } | undefined> {
  let plan: FilePlan;
  try {
    plan = await planFile(path, formats);
  } catch (err) {
    ctx.tally.errors.push(`${path}: ${fileProblem(err)}`);
    return undefined;
  }
  if (plan.kind === 'unknown') {
    ctx.tally.errors.push(`${path}: ${plan.message}`);
    return undefined;
  }
  if (plan.kind === 'empty') {
    // Readable, with nothing in it: a cron run just after rotation must not fail for it.
    ctx.tally.files++;
    ctx.tally.warn(`${path}: ${plan.message ?? EMPTY}`);
    return { end: start, format: 'none', complete: true };
  }
  if (plan.kind === 'document') {
    try {
      const format = await readJsonDocument(path, plan.head.gzip, formats.documentRecords, ctx);
      ctx.tally.files++;
      const size = (await stat(path)).size;
      return { end: { offset: size, lineNo: 0 }, format, complete: true };
    } catch (err) {
      ctx.tally.errors.push(`${path}: ${(err as Error).message}`);
      return undefined;
    }
  }
  if (plan.note) ctx.tally.warn(`${path}: ${plan.note}`);
  ctx.tally.files++;
  // A line the runtime split across a kubelet rotation: its first parts end the file before, its last part opens this one.
  if (chain?.after) plan.format.continueFrom?.(chain.after);
  if (start.lineNo > 0) plan.format.resumeAt?.(path, plan.head.lines.slice(0, start.lineNo));
  const splitter = createLineFeeder(path, plan.format, ctx.tally, ctx.sink, start, ctx.emitJson);
  const position = () => splitter.position();
  await pumpFile(path, plan.head.gzip, splitter, ctx, splitter.readFrom, afterChunk && (() => afterChunk(position())));
  // Stopped early, the held bytes are a partial line: they are read again on resume, not emitted now.
  const complete = !ctx.signal?.aborted;
  if (complete) splitter.finish(chain?.more);
  const reader = chain?.more ? { format: plan.format, reportHeld: () => splitter.reportHeld() } : undefined;
  return { end: position(), format: plan.format.name, complete, ...(reader ? { reader } : {}) };
}

/** A file's reader whose lines still in parts the next file of its rotated set may end. */
export interface ChainedReader {
  format: LineFormat;
  /** Says, as malformed, the lines the next file did not end. */
  reportHeld(): void;
}

/** Pushes a file's bytes from `offset` into the splitter (for gzip, offset counts inflated bytes). */
export async function pumpFile(
  path: string,
  gzip: boolean,
  splitter: LineFeeder,
  ctx: ReadContext,
  offset: number,
  afterChunk?: () => Promise<void>,
): Promise<void> {
  const size = (await stat(path)).size;
  let bytesRead = 0;
  const digest = offset === 0 ? ContentDigest.start(ctx.contentDigest, path) : undefined;
  const chunks = gzip
    ? gzipChunks(path, size, (damage) => {
        digest?.giveUp();
        ctx.tally.warn(`${path}: broken gzip data near compressed byte ${damage.at} (${damage.message}); reading on from the next gzip member`);
        if (splitter.dropPartial()) ctx.tally.malformedLine(path, splitter.lineNo + 1, 'gzip', 'line cut by broken gzip data');
      }, ctx.signal, digest && ((raw) => digest.update(raw)))
    : plainChunks(path, offset, ctx.signal);
  let skip = gzip ? offset : 0;
  for await (let chunk of chunks) {
    // Before the next read: plainChunks reuses its buffers.
    if (!gzip) digest?.update(chunk);
    bytesRead += chunk.length;
    if (skip > 0) {
      if (chunk.length <= skip) {
        skip -= chunk.length;
        continue;
      }
      chunk = chunk.subarray(skip);
      skip = 0;
    }
    splitter.push(chunk);
    if (afterChunk) await afterChunk();
    ctx.onProgress?.({ input: path, bytesRead, bytesTotal: gzip ? undefined : size });
  }
  if (!ctx.signal?.aborted) digest?.finish();
}

/**
 * A log, JSON lines or a JSON document on a stream (standard input): sniffed from its head, read once to its
 * end (a stop request ends the stream: see StreamInput).
 */
export async function readLogStream(input: StreamInput, formats: LineFormats, ctx: ReadContext): Promise<void> {
  const plan = planFromHead(logHeadOf(input.head, input.gzip, input.complete), formats);
  try {
    if (plan.kind === 'unknown') {
      ctx.tally.errors.push(`${input.name}: ${plan.message}`);
      return;
    }
    // Unlike a file, an empty pipe is an error: its writer failed (tcpdump without permission writes nothing).
    if (plan.kind === 'empty') {
      if (plan.message) ctx.tally.warn(`${input.name}: ${plan.message}`);
      else ctx.tally.errors.push(`${input.name}: ${EMPTY}`);
      if (plan.message) ctx.tally.files++;
      return;
    }
    // Standard input is one input file, as a capture on it is (capture-report.ts).
    ctx.tally.files++;
    if (plan.kind === 'document') {
      await readJsonDocumentStream(input.name, input.stream, formats.documentRecords, ctx);
      return;
    }
    if (plan.note) ctx.tally.warn(`${input.name}: ${plan.note}`);
    const splitter = createLineFeeder(input.name, plan.format, ctx.tally, ctx.sink, undefined, ctx.emitJson);
    let bytesRead = 0;
    try {
      for await (const chunk of input.stream as AsyncIterable<Buffer>) {
        splitter.push(chunk);
        bytesRead += chunk.length;
        ctx.onProgress?.({ input: input.name, bytesRead });
      }
    } catch (err) {
      // Cut gzip, a broken pipe: what came before is kept, like a damaged file's lines before the damage.
      if (splitter.dropPartial()) ctx.tally.malformedLine(input.name, splitter.lineNo + 1, plan.format.name, 'line cut where the read stopped');
      ctx.tally.warn(`${input.name}: read stopped after line ${splitter.lineNo} (${(err as Error).message}); the lines before it were kept`);
      return;
    }
    // Stopped on request, the held bytes are a partial line: dropped (a pipe cannot be resumed).
    if (!ctx.signal?.aborted) splitter.finish();
  } catch (err) {
    ctx.tally.errors.push(`${input.name}: ${(err as Error).message}`);
  }
}
