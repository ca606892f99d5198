import { setTimeout as sleep } from 'node:timers/promises';
import type { ExtractOptions } from '../extract-types';
import { CheckpointStore, DEFAULT_STATE_DIR, type FileCheckpoint } from './checkpoint-store';
import { hashPrefix, identifyFile } from './file-identity';
import { LiveTail } from './live-tail';
import type { ReadContext } from './log-reader';
import { outputMark, recordsPastMark } from './output-ledger';
import type { LineFormats } from './registry';
import { rotationOf } from './rotation';
import { planFile, readStaticFile } from './static-file';

/** How often live files are looked at; tail -F uses 1 s, a collector can afford a little more. */
const POLL_MS = 200;

/**
 * `--follow`: rotated inputs (`.1`, `.gz`, dated) are read once, live files are then followed until
 * the signal aborts. After every chunk the output is flushed and the checkpoint saved, in that
 * order, so a kill loses nothing; records written after the last checkpoint are counted on restart
 * and not written again (see output-ledger.ts).
 */
export async function followLogs(paths: string[], formats: LineFormats, ctx: ReadContext, opts: ExtractOptions): Promise<void> {
  const store = new CheckpointStore(opts.stateDir ?? DEFAULT_STATE_DIR, paths, opts.saveState);
  const loadWarning = await store.load();
  if (loadWarning) ctx.tally.warnings.push(loadWarning);
  let skip = recordsPastMark(opts.outputFd, store.state.output);
  const startMark = outputMark(opts.outputFd);
  const known = store.state.output;
  if (startMark && (!known || known.dev !== startMark.dev || known.ino !== startMark.ino)) {
    // First run into this output file: what it holds now predates us; a killed run's records after this mark do not.
    await store.save(startMark);
  }
  if (skip > 0) ctx.tally.warnings.push(`resumed: ${skip} records already written after the last checkpoint are not written again`);
  const { sink, emitJson } = ctx;
  // Already written before the kill: neither written nor counted again.
  const skipOne = () => {
    skip--;
    ctx.tally.exchanges--;
  };
  const fctx: ReadContext = {
    ...ctx,
    sink: (ex) => {
      if (skip > 0) skipOne();
      else sink(ex);
    },
    // With nothing to skip, the writer's own emitJson (and its byte buffer) is used as it is.
    emitJson: emitJson && skip > 0 ? (json) => {
      if (skip > 0) skipOne();
      else emitJson(json);
    } : emitJson,
  };
  const commit = async (cp: FileCheckpoint) => {
    store.set(cp);
    await opts.flushOutput?.();
    await store.save(outputMark(opts.outputFd));
  };

  const live: string[] = [];
  for (const path of paths) {
    if (ctx.signal?.aborted) return;
    // HAR and other whole-file JSON documents are read once, like rotated files.
    const isDocument = (await planFile(path, formats).catch(() => undefined))?.kind === 'document';
    const isLive = rotationOf(path).rank === 0 && !/\.(gz|bz2|xz|zst)$/.test(path) && !isDocument;
    if (isLive) live.push(path);
    else await readRotated(path, formats, fctx, store, commit);
  }
  const tails = live.map((path) => new LiveTail(path, formats, fctx, commit, unfinishedUnder(store, path)));
  while (!ctx.signal?.aborted) {
    for (const tail of tails) {
      try {
        await tail.poll();
      } catch (err) {
        ctx.tally.warnings.push(`${tail.path}: ${(err as Error).message}`);
      }
    }
    // Every tail has read what there was and committed it: nothing read is left uncheckpointed.
    await opts.idle?.();
    await sleep(POLL_MS, undefined, { signal: ctx.signal }).catch(() => {});
  }
  for (const tail of tails) await tail.close();
}

/** A rotated file is read once; its checkpoint (by identity) lets a restart skip or finish it. */
async function readRotated(
  path: string,
  formats: LineFormats,
  ctx: ReadContext,
  store: CheckpointStore,
  commit: (cp: FileCheckpoint) => Promise<void>,
): Promise<void> {
  let id;
  try {
    id = await identifyFile(path);
  } catch (err) {
    ctx.tally.errors.push(`${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    return;
  }
  const cp = store.get(id.dev, id.ino);
  const valid = cp !== undefined && cp.fingerprintLength <= id.size && (await hashPrefix(path, cp.fingerprintLength)) === cp.fingerprint;
  if (valid && cp.done) return;
  const base = valid ? cp : { ...id, path, offset: 0, lineNo: 0 };
  const save = (pos: { offset: number; lineNo: number }, done?: boolean) =>
    commit({ path, dev: base.dev, ino: base.ino, fingerprint: base.fingerprint, fingerprintLength: base.fingerprintLength, ...pos, ...(done ? { done } : {}) });
  const result = await readStaticFile(path, formats, ctx, { offset: base.offset, lineNo: base.lineNo }, (pos) => save(pos));
  if (result?.complete) await save(result.end, true);
}

/** Checkpoints recorded under a live name and not finished: the current file's, and rotated ones. */
function unfinishedUnder(store: CheckpointStore, path: string): FileCheckpoint[] {
  return Object.values(store.state.files).filter((cp) => cp.path === path && !cp.done);
}
