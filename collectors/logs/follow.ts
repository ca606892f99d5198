import { readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DirectoryInbox } from '../directory-inbox';
import type { ExtractOptions } from '../extract-types';
import type { CheckpointStore, FileCheckpoint } from './checkpoint-store';
import { checkpointByText } from './content-prefix';
import { hashPrefix, identifyFile, isSameFile } from './file-identity';
import { LiveTail } from './live-tail';
import type { ReadContext } from './log-reader';
import { prepareLogResume, type LogResume } from './log-resume';
import type { LineFormats } from './registry';
import { awaitsFirstLine } from './log-head';
import { LogDirectory, notReadWarning } from './log-directory';
import { orderRotatedSets, rotationOf } from './rotation';
import { planFile, readStaticFile, type FilePosition } from './static-file';
import { fileProblem } from '../../lib/file-problem';

/** What a log follower follows besides the logs named. */
export interface FollowedLogs {
  /** Directories of logs: their files are followed, and files that appear in them later too. */
  dirs: string[];
  /** Directories that become directories of logs while it runs (collectors/directory-kind.ts). */
  inbox?: DirectoryInbox;
  /** What its checkpoints are keyed by (default: the logs and directories it follows from the start). */
  keyedBy?: string[];
  /** Its checkpoints, loaded (and what it owes the output counted) before others of the run wrote (log-resume.ts). */
  resume?: LogResume;
}

/** How often live files are looked at; tail -F uses 1 s, a collector can afford a little more. */
const POLL_MS = 200;

/**
 * `--follow`: rotated inputs (`.1`, `.gz`, dated) are read once, live files are then followed until
 * the signal aborts. After every chunk the output is flushed and the checkpoint saved, in that
 * order, so a kill loses nothing; records written after the last checkpoint are counted on restart
 * and not written again (see output-ledger.ts).
 */
export async function followLogs(
  paths: string[],
  formats: LineFormats,
  ctx: ReadContext,
  opts: ExtractOptions,
  { dirs, inbox, keyedBy, resume: prepared }: FollowedLogs = { dirs: [] },
): Promise<void> {
  // Before 6 Dec keyed by the logs and directories of logs followed: that state is taken over.
  const resume = prepared ?? (await prepareLogResume(opts, keyedBy ?? [...paths, ...dirs], [...paths, ...dirs]));
  const { store } = resume;
  if (resume.loadWarning) ctx.tally.warn(resume.loadWarning);
  await resume.settle();
  if (resume.skip > 0) ctx.tally.warn(`resumed: ${resume.skip} records already written after the last checkpoint are not written again`);
  const { sink, emitJson } = ctx;
  // Already written before the kill: neither written nor counted again.
  const skipOne = () => {
    ctx.tally.exchanges--;
  };
  const fctx: ReadContext = {
    ...ctx,
    sink: (ex) => {
      if (resume.alreadyWritten(ex.source?.file)) skipOne();
      else sink(ex);
    },
    // With nothing to skip, the writer's own emitJson (and its byte buffer) is used as it is.
    emitJson: emitJson && resume.skip > 0 ? (json) => {
      if (resume.skip > 0 && resume.alreadyWritten(fileOf(json))) skipOne();
      else emitJson(json);
    } : emitJson,
    continuedIn: (file, from) => resume.continuedIn(file, from),
    ended: (path, log) => owedNoMore(path, log),
  };
  const owedNoMore = (path: string, log: { dev: string; ino: string }) => {
    const unpaid = resume.finished(log);
    if (unpaid > 0) ctx.tally.warn(`${path}: finished (gone, or at its end) with ${unpaid} records written before the restart not made again; they are owed no more`);
  };
  const commit = async (cp: FileCheckpoint) => {
    store.set(cp);
    if (cp.done) owedNoMore(cp.path, cp);
    await opts.flushOutput?.();
    // Records still to skip stay owed: this checkpoint does not cover the lines they come from.
    await store.save(resume.mark());
  };

  const tails = new Map<string, LiveTail>();
  const skipped: string[] = [];
  /** Adds inputs: rotated ones are read once, live ones get a tail. `running`: found after the start. */
  const addInputs = async (list: string[], running: boolean, dir?: LogDirectory) => {
    for (const path of orderRotatedSets(list)) {
      if (ctx.signal?.aborted) return;
      // HAR and other whole-file JSON documents are read once, like rotated files.
      const plan = await planFile(path, formats).catch(() => undefined);
      if (dir && plan?.kind === 'unknown') {
        // No line complete yet (the first one is being written): judged again on the next look. Asked of the bytes the
        // plan was made from: until 6 Dec the file was read again to ask, and a line finished in between skipped it for good.
        if (awaitsFirstLine(plan.head)) dir.forget(path);
        else if (dir.sayingSkipped(basename(path))) skipped.push(basename(path));
        continue;
      }
      // Caddy's roll renames access.log to access-<time>.log, then gzips it: names that do not look rotated.
      if (running && (await readUnderAnotherName(path, store))) continue;
      const { base, rank } = rotationOf(path);
      const isLive = rank === 0 && !/\.(gz|bz2|xz|zst)$/.test(path) && plan?.kind !== 'document';
      const renamed = isLive && !running ? await rolledFrom(path, store) : undefined;
      if (renamed) {
        // Rolled while we were stopped (Caddy: access.log → access-<time>.log): the tail of the name it was read under
        // finishes it from the checkpoint; followed as a new log, it was read again from its first line.
        if (!renamed.done && !tails.has(renamed.path)) tails.set(renamed.path, new LiveTail(renamed.path, formats, fctx, commit, unfinishedUnder(store, renamed.path)));
      } else if (isLive) {
        // Each followed log counts once in the summary's `files`, however many polls read it.
        if (!tails.has(path)) {
          tails.set(path, new LiveTail(path, formats, fctx, commit, await resumedAt(store, path)));
          ctx.tally.files++;
        }
      } else if (running && tails.has(join(dirname(path), base))) {
        // access.log.1 (or .2.gz) appearing while access.log is followed is what its tail already read: not again.
        continue;
      } else await readRotated(path, formats, fctx, store, commit);
    }
    if (dir && skipped.length > 0) ctx.tally.warn(notReadWarning(dir.dir, skipped.splice(0)));
  };
  const directories = dirs.map((dir) => new LogDirectory(dir));
  const say = (text: string) => ctx.tally.warn(text);
  const lookInDirectories = async (running: boolean) => {
    for (const late of inbox?.take() ?? []) {
      const d = new LogDirectory(late.dir, late.skipped);
      directories.push(d);
      // What it holds when it joins is read as a directory's files at the start are (a live log from its checkpoint).
      await addInputs(await d.newFiles(say), false, d);
    }
    for (const d of directories) await addInputs(await d.newFiles(say), running, d);
  };
  await addInputs(paths, false);
  await lookInDirectories(false);
  for (const cp of await goneFromDirectories(store, resume.owingLogs(), dirs, tails)) {
    ctx.tally.warn(`${cp.path}: the file read before the restart (offset ${cp.offset}) is gone; lines written after that offset may be missing`);
    await commit({ ...cp, done: true });
  }
  while (!ctx.signal?.aborted) {
    for (const tail of tails.values()) {
      try {
        await tail.poll();
      } catch (err) {
        ctx.tally.warn(`${tail.path}: ${(err as Error).message}`);
      }
    }
    await lookInDirectories(true);
    // Every tail has read what there was and committed it: nothing read is left uncheckpointed.
    await opts.idle?.();
    await sleep(POLL_MS, undefined, { signal: ctx.signal }).catch(() => {});
  }
  for (const tail of tails.values()) await tail.close();
}

/**
 * The logs owing records whose file is gone from a directory followed: deleted while the follower was stopped, no file
 * at their name (whose tail would finish them) nor under another in the directory. Finished, they owe nothing: until
 * 7 Dec their debt stayed in every mark, said at every start, and every record was parsed to look for it.
 */
async function goneFromDirectories(store: CheckpointStore, owing: string[], dirs: string[], tails: Map<string, LiveTail>): Promise<FileCheckpoint[]> {
  const followed = new Set(dirs.map((d) => resolve(d)));
  const gone: FileCheckpoint[] = [];
  for (const key of owing) {
    const cp = store.state.files[key];
    if (!cp || cp.done || tails.has(cp.path) || !followed.has(dirname(resolve(cp.path)))) continue;
    // A directory that cannot be listed (not mounted yet) says nothing of what is in it.
    const names = await readdir(dirname(cp.path)).catch(() => undefined);
    if (!names) continue;
    let found = false;
    for (const name of names) if (!found) found = await isSameFile(join(dirname(cp.path), name), cp);
    if (!found) gone.push(cp);
  }
  return gone;
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
    ctx.tally.errors.push(`${path}: ${fileProblem(err)}`);
    return;
  }
  const cp = store.get(id.dev, id.ino);
  const valid = cp !== undefined && cp.fingerprintLength <= id.size && (await hashPrefix(path, cp.fingerprintLength)) === cp.fingerprint;
  if (valid && cp.done) return;
  let base = valid ? cp : { ...id, path, offset: 0, lineNo: 0 };
  const earlier = valid ? undefined : await earlierSelf(path, store);
  if (earlier) {
    // The same text read before under another inode (the live log, since compressed or copied): resume where
    // that read stopped, and that file is finished, so its tail does not look for it again.
    base = { ...base, offset: earlier.offset, lineNo: earlier.lineNo, partsFrom: earlier.partsFrom };
    ctx.continuedIn?.(path, earlier);
    if (!earlier.done) store.set({ ...earlier, done: true });
  }
  const save = (pos: FilePosition, done?: boolean) =>
    commit({ path, dev: base.dev, ino: base.ino, fingerprint: base.fingerprint, fingerprintLength: base.fingerprintLength, ...pos, ...(done ? { done } : {}) });
  const result = await readStaticFile(path, formats, ctx, { offset: base.offset, lineNo: base.lineNo, partsFrom: base.partsFrom }, (pos) => save(pos));
  if (result?.complete) await save(result.end, true);
}

/**
 * The checkpoint of this rotated file's text taken under another inode: `access.log.2.gz` (or Caddy's
 * `access-<time>.log.gz`) is what `access.log` was. A file still at its name with the checkpoint's first bytes is
 * not an earlier self (a `copy` rotation leaves both).
 */
async function earlierSelf(path: string, store: CheckpointStore): Promise<FileCheckpoint | undefined> {
  const candidates: FileCheckpoint[] = [];
  for (const cp of Object.values(store.state.files)) {
    if (!cp.done && (await isSameFile(cp.path, cp))) continue;
    candidates.push(cp);
  }
  return checkpointByText(path, candidates);
}

/**
 * A file found while running that holds what is being or was read under another name: renamed (same inode and
 * first bytes as a checkpoint's) or compressed (its text begins as a checkpoint's file did). The tail that read it
 * finishes it through its descriptor; reading it again would count its lines twice.
 */
async function readUnderAnotherName(path: string, store: CheckpointStore): Promise<boolean> {
  const id = await identifyFile(path).catch(() => undefined);
  if (!id) return true; // gone already: nothing to read
  if (await renamedFrom(path, store)) return true;
  return (await checkpointByText(path, Object.values(store.state.files).filter((c) => c.path !== path))) !== undefined;
}

/** The checkpoint of this very file (same inode and first bytes) taken under another name: it was renamed since. */
async function renamedFrom(path: string, store: CheckpointStore): Promise<FileCheckpoint | undefined> {
  const id = await identifyFile(path).catch(() => undefined);
  const cp = id && store.get(id.dev, id.ino);
  if (!cp || cp.path === path || cp.fingerprintLength > id.size) return undefined;
  return (await hashPrefix(path, cp.fingerprintLength)) === cp.fingerprint ? cp : undefined;
}

/**
 * Rolled while we were stopped: renamed beside the name it was read under, which no longer leads to it. The same
 * file under another spelling (`./a.log`, a relative name from another working directory, a directory's file that
 * another set of inputs named on its own) or moved to another directory is followed where it is now: until 6 Dec
 * the tail went to the old name, missing or another file, and the log was not followed at all.
 */
async function rolledFrom(path: string, store: CheckpointStore): Promise<FileCheckpoint | undefined> {
  const cp = await renamedFrom(path, store);
  if (!cp || dirname(resolve(cp.path)) !== dirname(resolve(path)) || (await isSameFile(cp.path, cp))) return undefined;
  return cp;
}

/** What the tail of a live name resumes from: the checkpoints under that name, and the one its file has under another. */
async function resumedAt(store: CheckpointStore, path: string): Promise<FileCheckpoint[]> {
  const under = unfinishedUnder(store, path);
  const id = await identifyFile(path).catch(() => undefined);
  const own = id && store.get(id.dev, id.ino);
  return own && !own.done && !under.includes(own) ? [...under, own] : under;
}

/** Checkpoints recorded under a live name and not finished: the current file's, and rotated ones. */
function unfinishedUnder(store: CheckpointStore, path: string): FileCheckpoint[] {
  return Object.values(store.state.files).filter((cp) => cp.path === path && !cp.done);
}

/** The log a record made on the JSON lane names (parsed only while records are owed). */
function fileOf(json: string): string | undefined {
  try {
    const file = (JSON.parse(json) as { source?: { file?: unknown } }).source?.file;
    return typeof file === 'string' ? file : undefined;
  } catch {
    return undefined;
  }
}
