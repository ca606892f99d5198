import { createHash } from 'node:crypto';
import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { basename, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { makeDirectory } from '../../lib/make-directory';
import type { StateOwner } from '../extract-types';
import { setAsideUnreadableState } from '../unreadable-state';
import { isSameFile } from './file-identity';

const KEPT_FINISHED = 2048;

const fileCheckpointSchema = z.object({
  path: z.string(),
  dev: z.string(),
  ino: z.string(),
  fingerprint: z.string(),
  fingerprintLength: z.number().int().nonnegative(),
  /** Bytes consumed through the last complete line (inflated bytes for gzip files). */
  offset: z.number().int().nonnegative(),
  lineNo: z.number().int().nonnegative(),
  /**
   * Where the first part of a line still held in parts starts (a container runtime's `P` parts, cri-envelope.ts):
   * a resume reads them again from there to join them with the rest, emitting nothing before `offset` again.
   */
  partsFrom: z.object({ offset: z.number().int().nonnegative(), lineNo: z.number().int().nonnegative() }).optional(),
  /** A rotated (static) file read to its end: a restart skips it. */
  done: z.boolean().optional(),
  /**
   * When it was set (ms, never below one this run loaded): of two states holding the same file, the later one's
   * (mergeOthers). Missing in a state from before 6 Dec: its file's modification time stands for it.
   */
  at: z.number().optional(),
});
export type FileCheckpoint = z.infer<typeof fileCheckpointSchema>;

const outputMarkSchema = z.object({
  dev: z.string(),
  ino: z.string(),
  size: z.number().int().nonnegative(),
  /** Records a resume from the file checkpoints makes again that are written before `size` already (output-ledger.ts). */
  ahead: z.number().int().positive().optional(),
  /** The same per log (LogResume's key: device and inode where known); `ahead` holds those that name none. Since 7 Dec. */
  aheadBy: z.record(z.string(), z.number().int().positive()).optional(),
  /**
   * Records owed by other sets' followers, of logs this set does not follow, each with the `at` of the mark they were
   * counted from: a checkpoint of the log set later says a follower resumed it since, and paid them. Since 7 Dec.
   */
  carried: z.record(z.string(), z.object({ ahead: z.number().int().positive(), since: z.number() })).optional(),
  /** What follows `size` was written by others (exchange files named with the logs) before the follower wrote. */
  othersPast: z.literal(true).optional(),
  /** When it was saved, as a checkpoint's `at`: another set's later mark of the same output says who wrote last. */
  at: z.number().optional(),
});
export type OutputMark = z.infer<typeof outputMarkSchema>;

const stateSchema = z.object({
  version: z.literal(1),
  /** Who reads by these checkpoints (../extract-types.ts StateOwner); missing in a state from before 6 Dec, which either may have written. */
  owner: z.enum(['extract', 'inventory']).optional(),
  /**
   * Keyed by `dev:ino`: a rotated file keeps its checkpoint under its new name. A finished file whose inode was
   * reused is kept under `dev:ino:fingerprint`.
   */
  files: z.record(z.string(), fileCheckpointSchema),
  output: outputMarkSchema.optional(),
});
export type FollowState = z.infer<typeof stateSchema>;

/**
 * Follow checkpoints for one set of inputs, in `<stateDir>/logs-<hash of the input paths>.json`,
 * replaced atomically (write, then rename) so a kill at any instant leaves the old or the new state. A file's
 * checkpoint is its own wherever it was taken: loading also takes the later checkpoints the other sets' states in
 * the directory hold (until 6 Dec following `a.log` and then `a.log b.log` read a.log from its first line again,
 * and counted it twice).
 */
export class CheckpointStore {
  readonly file: string;
  state: FollowState = { version: 1, files: {} };

  /**
   * States kept under an earlier key or name of the same inputs, taken over in this order when there is none under
   * this one (extract's from before owners were written only if no owner is named in them).
   */
  private readonly formerFiles: string[] = [];

  /** The latest `at` loaded or set: a checkpoint set now is later than any loaded, whatever the clock did. */
  private clock = 0;

  /** The output marks of the other sets' states: one of them may have written to this run's output since. */
  private readonly otherMarks: OutputMark[] = [];

  /** `write` replaces the atomic file write, for a destination that stores the checkpoint with the data it covers. */
  constructor(
    stateDir: string,
    inputs: string[],
    private readonly write?: (file: string, content: string) => Promise<void>,
    formerInputs?: string[],
    private readonly owner: StateOwner = 'inventory',
  ) {
    this.file = stateFileOf(stateDir, inputs, owner);
    const keys = formerInputs && formerInputs.length > 0 ? [inputs, formerInputs] : [inputs];
    const owners: StateOwner[] = owner === 'extract' ? ['extract', 'inventory'] : ['inventory'];
    for (const o of owners) for (const k of keys) this.formerFiles.push(stateFileOf(stateDir, k, o));
    this.formerFiles = [...new Set(this.formerFiles)].filter((f) => f !== this.file);
  }

  async load(): Promise<string | undefined> {
    let from = this.file;
    let text = await readState(from);
    for (const file of this.formerFiles) {
      if (text !== undefined) break;
      text = await readState((from = file));
      // An inventory's state since owners are written is no look's to read by (one unreadable is said, below).
      const former = text && parseState(text.content, text.mtimeMs);
      if (former && !this.mayTake(basename(from), former)) text = undefined;
    }
    let warning: string | undefined;
    if (text !== undefined) {
      const parsed = parseState(text.content, text.mtimeMs);
      // Kept aside: the next checkpoint overwrote it, and with it any clue why every log was read from its start again.
      if (parsed) this.state = { ...parsed, owner: this.owner };
      else warning = await setAsideUnreadableState(from, 'every log is read again from its start');
    }
    this.state.owner = this.owner;
    await this.mergeOthers();
    return warning;
  }

  /** Whether a state file of another name (another set, an earlier key) holds checkpoints this owner reads by. */
  private mayTake(name: string, state: FollowState | undefined): boolean {
    if (!state) return false;
    if (this.owner === 'inventory') return INVENTORY_STATE.test(name) && state.owner !== 'extract';
    return EXTRACT_STATE.test(name) || (INVENTORY_STATE.test(name) && state.owner === undefined);
  }

  /**
   * Takes the checkpoints of the other sets' states in the directory where they are later than this one's (or it
   * has none): the same file followed under another set of inputs. A running follower never shares a file with this
   * one (bin/follow-lock.ts), so their states are at rest; one that cannot be read is its own run's to report.
   */
  private async mergeOthers(): Promise<void> {
    const dir = resolve(this.file, '..');
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => (INVENTORY_STATE.test(n) || EXTRACT_STATE.test(n)) && n !== basename(this.file)).sort()) {
      const text = await readState(resolve(dir, name));
      const other = text && parseState(text.content, text.mtimeMs);
      if (!other || !this.mayTake(name, other)) continue;
      if (other.output) this.otherMarks.push(other.output);
      for (const [key, cp] of Object.entries(other.files)) {
        // A live name given relative to another working directory (`a.log` in /srv/a, now in /srv/b) names another
        // file, or none, here: its tail would look for it as rotated away, and warn that lines may be missing.
        if (!cp.done && !isAbsolute(cp.path) && !(await isSameFile(cp.path, cp))) continue;
        const mine = this.state.files[key];
        if (key.split(':').length === 3) {
          if (!mine || (mine.at ?? 0) < (cp.at ?? 0)) this.state.files[key] = cp;
        } else if (!mine || (mine.at ?? 0) < (cp.at ?? 0)) this.place(key, cp);
        else this.keepAsideIfAnother(cp, mine);
      }
    }
    for (const t of [...Object.values(this.state.files), ...this.otherMarks]) this.clock = Math.max(this.clock, t.at ?? 0);
  }

  /**
   * The last mark saved of the output `now` is (output-ledger.ts): this set's, or another's that wrote there after it
   * (`a.log b.log` after `a.log` into one file); until 6 Dec this set's own, and the other's records past it were
   * taken for its own and that many new ones dropped.
   */
  lastMarkOf(now: OutputMark | undefined): OutputMark | undefined {
    const own = this.state.output;
    if (!now) return own;
    const same = [own, ...this.otherMarks].filter((m): m is OutputMark => m !== undefined && m.dev === now.dev && m.ino === now.ino);
    return same.reduce<OutputMark | undefined>((last, m) => (!last || (m.at ?? 0) > (last.at ?? 0) ? m : last), undefined) ?? own;
  }

  get(dev: string, ino: string): FileCheckpoint | undefined {
    return this.state.files[`${dev}:${ino}`];
  }

  set(cp: FileCheckpoint): void {
    this.clock = Math.max(Date.now(), this.clock + 1);
    this.place(`${cp.dev}:${cp.ino}`, { ...cp, at: this.clock });
  }

  private place(key: string, cp: FileCheckpoint): void {
    const old = this.state.files[key];
    if (old) this.keepAsideIfAnother(old, cp);
    this.state.files[key] = cp;
  }

  /**
   * The inode of a file deleted (compressed by logrotate or Caddy) reused by a new one: the old file's text is
   * still what its compressed copy is recognised by (follow.ts, earlierSelf), so its checkpoint is kept aside, as
   * finished: no tail looks for it by name any more. A file's own fingerprint only grows (first seen short).
   */
  private keepAsideIfAnother(old: FileCheckpoint, cp: FileCheckpoint): void {
    if (old.fingerprint !== cp.fingerprint && !(cp.fingerprintLength > old.fingerprintLength && !old.done)) this.keepFinished({ ...old, done: true });
  }

  /** Entries kept aside, newest last; the oldest go past KEPT_FINISHED (a year of daily rotations of a few logs). */
  private keepFinished(cp: FileCheckpoint): void {
    this.state.files[`${cp.dev}:${cp.ino}:${cp.fingerprint}`] = cp;
    const kept = Object.keys(this.state.files).filter((k) => k.split(':').length === 3);
    for (const k of kept.slice(0, Math.max(0, kept.length - KEPT_FINISHED))) delete this.state.files[k];
  }

  async save(output?: OutputMark): Promise<void> {
    if (output) {
      this.clock = Math.max(Date.now(), this.clock + 1);
      this.state.output = { ...output, at: this.clock };
    }
    if (this.write) return this.write(this.file, JSON.stringify(this.state));
    const dir = resolve(this.file, '..');
    await makeDirectory(dir);
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(this.state));
    await rename(tmp, this.file);
  }
}

const INVENTORY_STATE = /^logs-[0-9a-f]{16}\.json$/;
const EXTRACT_STATE = /^extract-logs-[0-9a-f]{16}\.json$/;

async function readState(file: string): Promise<{ content: string; mtimeMs: number } | undefined> {
  try {
    const [content, st] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    return { content, mtimeMs: st.mtimeMs };
  } catch {
    return undefined;
  }
}

/** A state read, its checkpoints from before 6 Dec dated by the file's modification time (they were set by then). */
function parseState(text: string, mtimeMs: number): FollowState | undefined {
  const parsed = stateSchema.safeParse(safeJson(text));
  if (!parsed.success) return undefined;
  for (const cp of Object.values(parsed.data.files)) cp.at ??= mtimeMs;
  if (parsed.data.output) parsed.data.output.at ??= mtimeMs;
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `<stateDir>/[extract-]logs-<hash of the input paths>.json`, the same whatever order the inputs are given in. */
function stateFileOf(stateDir: string, inputs: string[], owner: StateOwner): string {
  const id = createHash('sha256').update([...inputs].map((p) => resolve(p)).sort().join('\0')).digest('hex').slice(0, 16);
  return resolve(stateDir, `${owner === 'extract' ? 'extract-' : ''}logs-${id}.json`);
}
