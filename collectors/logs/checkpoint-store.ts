import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { makeDirectory } from '../../lib/make-directory';
import { setAsideUnreadableState } from '../unreadable-state';

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
});
export type FileCheckpoint = z.infer<typeof fileCheckpointSchema>;

const outputMarkSchema = z.object({
  dev: z.string(),
  ino: z.string(),
  size: z.number().int().nonnegative(),
  /** Records a resume from the file checkpoints makes again that are written before `size` already (output-ledger.ts). */
  ahead: z.number().int().positive().optional(),
  /** What follows `size` was written by others (exchange files named with the logs) before the follower wrote. */
  othersPast: z.literal(true).optional(),
});
export type OutputMark = z.infer<typeof outputMarkSchema>;

const stateSchema = z.object({
  version: z.literal(1),
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
 * replaced atomically (write, then rename) so a kill at any instant leaves the old or the new state.
 */
export class CheckpointStore {
  readonly file: string;
  state: FollowState = { version: 1, files: {} };

  /** A state kept under an earlier key of the same inputs, taken over when there is none under this one. */
  private readonly formerFile?: string;

  /** `write` replaces the atomic file write, for a destination that stores the checkpoint with the data it covers. */
  constructor(stateDir: string, inputs: string[], private readonly write?: (file: string, content: string) => Promise<void>, formerInputs?: string[]) {
    this.file = stateFileOf(stateDir, inputs);
    const former = formerInputs && formerInputs.length > 0 ? stateFileOf(stateDir, formerInputs) : undefined;
    if (former !== this.file) this.formerFile = former;
  }

  async load(): Promise<string | undefined> {
    const read = (file: string | undefined) => (file === undefined ? undefined : readFile(file, 'utf8').catch(() => undefined));
    let from = this.file;
    let text = await read(from);
    if (text === undefined && this.formerFile) text = await read((from = this.formerFile));
    if (text === undefined) return undefined;
    const parsed = stateSchema.safeParse(safeJson(text));
    // Kept aside: the next checkpoint overwrote it, and with it any clue why every log was read from its start again.
    if (!parsed.success) return setAsideUnreadableState(from, 'every log is read again from its start');
    this.state = parsed.data;
    return undefined;
  }

  get(dev: string, ino: string): FileCheckpoint | undefined {
    return this.state.files[`${dev}:${ino}`];
  }

  set(cp: FileCheckpoint): void {
    const key = `${cp.dev}:${cp.ino}`;
    const old = this.state.files[key];
    // The inode of a file deleted (compressed by logrotate or Caddy) reused by a new one: the old file's text is
    // still what its compressed copy is recognised by (follow.ts, earlierSelf), so its checkpoint is kept aside, as
    // finished: no tail looks for it by name any more. A file's own fingerprint only grows (first seen short).
    if (old && old.fingerprint !== cp.fingerprint && !(cp.fingerprintLength > old.fingerprintLength && !old.done)) this.keepFinished({ ...old, done: true });
    this.state.files[key] = cp;
  }

  /** Entries kept aside, newest last; the oldest go past KEPT_FINISHED (a year of daily rotations of a few logs). */
  private keepFinished(cp: FileCheckpoint): void {
    this.state.files[`${cp.dev}:${cp.ino}:${cp.fingerprint}`] = cp;
    const kept = Object.keys(this.state.files).filter((k) => k.split(':').length === 3);
    for (const k of kept.slice(0, Math.max(0, kept.length - KEPT_FINISHED))) delete this.state.files[k];
  }

  async save(output?: OutputMark): Promise<void> {
    if (output) this.state.output = output;
    if (this.write) return this.write(this.file, JSON.stringify(this.state));
    const dir = resolve(this.file, '..');
    await makeDirectory(dir);
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(this.state));
    await rename(tmp, this.file);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `<stateDir>/logs-<hash of the input paths>.json`, the same whatever order the inputs are given in. */
function stateFileOf(stateDir: string, inputs: string[]): string {
  const id = createHash('sha256').update([...inputs].map((p) => resolve(p)).sort().join('\0')).digest('hex').slice(0, 16);
  return resolve(stateDir, `logs-${id}.json`);
}
