import type { ExchangeSink, ExtractOptions, ExtractReport } from '../extract-types';
import type { StreamInput } from '../stream-input';
import { followLogs } from './follow';
import { createLineFormats } from './registry';
import { orderRotatedSets } from './rotation';
import { readLogStream, readStaticFile } from './static-file';
import { Tally } from './tally';

/**
 * Access logs, HAR and OTLP/JSON traces → exchanges. Each file's format is sniffed from its first
 * lines unless `--format` says; rotated sets are read oldest first; `--follow` keeps reading the live
 * files like `tail -F`, with checkpoints under `stateDir` so a restart resumes where it stopped.
 */
export async function extractLogs(inputs: string[], opts: ExtractOptions, sink: ExchangeSink): Promise<ExtractReport> {
  const tally = new Tally();
  let formats;
  try {
    formats = createLineFormats(opts);
  } catch (err) {
    tally.errors.push((err as Error).message);
    return tally.report();
  }
  const ctx = { tally, sink, emitJson: opts.emitJson, key: opts.fingerprintKey, signal: opts.signal, onProgress: opts.onProgress };
  const ordered = orderRotatedSets(inputs);
  if (opts.follow) {
    await followLogs(ordered, formats, ctx, opts);
  } else {
    for (const path of ordered) {
      if (opts.signal?.aborted) break;
      await readStaticFile(path, formats, ctx);
    }
  }
  return tally.report();
}

/** A log (or JSON lines, or a JSON document) on standard input. */
export async function extractLogStream(input: StreamInput, opts: ExtractOptions, sink: ExchangeSink): Promise<ExtractReport> {
  const tally = new Tally();
  let formats;
  try {
    formats = createLineFormats(opts);
  } catch (err) {
    tally.errors.push((err as Error).message);
    input.stream.destroy();
    return tally.report();
  }
  await readLogStream(input, formats, { tally, sink, emitJson: opts.emitJson, key: opts.fingerprintKey, signal: opts.signal, onProgress: opts.onProgress });
  return tally.report();
}
