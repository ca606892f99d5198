import { basename, dirname, join } from 'node:path';
import type { ExchangeSink, ExtractOptions, ExtractReport } from '../extract-types';
import type { StreamInput } from '../stream-input';
import { followLogs, type FollowedLogs } from './follow';
import type { ReadContext } from './log-reader';
import { createLineFormats, type LineFormats } from './registry';
import { orderRotatedSets, rotationOf } from './rotation';
import { planFile, readLogStream, readStaticFile, type ChainedReader } from './static-file';
import { Tally } from './tally';
import { notReadWarning } from './log-directory';

/**
 * Access logs, HAR and OTLP/JSON traces → exchanges. Each file's format is sniffed from its first
 * lines unless `--format` says; rotated sets are read oldest first; `--follow` keeps reading the live
 * files like `tail -F`, with checkpoints under `stateDir` so a restart resumes where it stopped.
 */
export function extractLogs(
  inputs: string[],
  opts: ExtractOptions,
  sink: ExchangeSink,
  /** Files found in a directory, with it: one that fits no format is skipped with a warning, not an error. */
  found: ReadonlyMap<string, string> = new Map(),
  /** With `follow`: directories of logs to follow (their files, and those that appear in them later). */
  followed: FollowedLogs = { dirs: [] },
): Promise<ExtractReport> {
  return withFormats(opts, sink, async (formats, ctx) => {
    const ordered = orderRotatedSets(inputs);
    if (opts.follow) return followLogs(ordered, formats, ctx, opts, followed);
    const skipped = new Map<string, string[]>();
    // The reader of the file before in the same rotated set (kubelet's `0.log.<time>` then `0.log`): a line its
    // runtime split across the rotation is joined, not two malformed lines.
    let before: { set: string; reader: ChainedReader } | undefined;
    for (const [i, path] of ordered.entries()) {
      if (opts.signal?.aborted) {
        // Said as a capture stopped so is: until 6 Dec the summary read like a whole run's.
        const rest = ordered.slice(i);
        ctx.tally.warn(`stopped on request: ${rest.length} log${rest.length > 1 ? 's' : ''} not read (${rest.slice(0, 5).join(', ')}${rest.length > 5 ? ', …' : ''})`);
        break;
      }
      const set = rotatedSetOf(path);
      const after = before?.set === set ? before.reader.format : undefined;
      const more = ordered[i + 1] !== undefined && rotatedSetOf(ordered[i + 1]) === set;
      const dir = found.get(path);
      const read = dir !== undefined && (await planFile(path, formats).catch(() => undefined))?.kind === 'unknown'
        ? (skipped.set(dir, [...(skipped.get(dir) ?? []), basename(path)]), undefined)
        : await readStaticFile(path, formats, ctx, undefined, undefined, { after, more });
      if (read && !read.complete) ctx.tally.warn(`${path}: stopped on request after line ${read.end.lineNo}, before the end of the file; the lines before it were kept`);
      before?.reader.reportHeld();
      before = read?.reader ? { set, reader: read.reader } : undefined;
    }
    before?.reader.reportHeld();
    for (const [dir, names] of skipped) ctx.tally.warn(notReadWarning(dir, names));
  });
}

/** A log (or JSON lines, or a JSON document) on standard input. */
export async function extractLogStream(input: StreamInput, opts: ExtractOptions, sink: ExchangeSink): Promise<ExtractReport> {
  const report = await withFormats(opts, sink, (formats, ctx) => readLogStream(input, formats, ctx));
  input.stream.destroy(); // read to its end, or refused unread (bad --format): let go of the source either way
  return report;
}

/** Runs `read` with the formats the options ask for and a fresh tally, reporting a bad format option instead. */
async function withFormats(opts: ExtractOptions, sink: ExchangeSink, read: (formats: LineFormats, ctx: ReadContext) => Promise<void>): Promise<ExtractReport> {
  const tally = new Tally(opts.follow ? opts.onWarning : undefined);
  let formats: LineFormats;
  try {
    formats = createLineFormats(opts);
  } catch (err) {
    tally.errors.push((err as Error).message);
    return tally.report();
  }
  await read(formats, { tally, sink, emitJson: opts.emitJson, key: opts.fingerprintKey, signal: opts.signal, onProgress: opts.onProgress, contentDigest: opts.contentDigest });
  return tally.report();
}

/** The live name a file belongs to: the files of one rotated set share it. */
function rotatedSetOf(path: string): string {
  return join(dirname(path), rotationOf(path).base);
}
