import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { fileProblem } from '../../lib/file-problem';
import { makeDirectory } from '../../lib/make-directory';
import type { StateOwner } from '../extract-types';
import { setAsideUnreadableState } from '../unreadable-state';

const stateSchema = z.object({
  dir: z.string(),
  /** Who reads by it (../extract-types.ts StateOwner); missing in a state from before 6 Dec. */
  owner: z.enum(['extract', 'inventory']).optional(),
  /** name → identity of the file when it was processed; a new file reusing a name is processed again. */
  done: z.record(z.string(), z.object({ size: z.number(), mtimeMs: z.number() })),
  /**
   * series → the file its engine read last, kept for the next (follow-captures.ts): a restart after a kill reads
   * it again to rebuild what the engine held. Absent once the engine was flushed (a stop, or the series idle).
   */
  carry: z.record(z.string(), z.object({ name: z.string(), size: z.number(), mtimeMs: z.number() })).optional(),
  /** Size of the output file (when it is one) once the records of the done files were flushed. */
  output: z.object({ dev: z.string(), ino: z.string(), size: z.number() }).optional(),
});
export type FollowState = z.infer<typeof stateSchema>;

/**
 * Where `--follow` remembers which rotated captures of a directory it already processed: `captures-<hash>.json` for
 * an inventory (ingest, push), `extract-captures-<hash>.json` for extract, each reading by its own (until 6 Dec one
 * name for both: a look with `extract --follow dir` made a later `ingest --follow dir` skip every capture in it).
 */
export function stateFile(stateDir: string, dir: string, owner: StateOwner = 'inventory'): string {
  const id = createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 16);
  return join(stateDir, `${owner === 'extract' ? 'extract-' : ''}captures-${id}.json`);
}

/**
 * `warn` hears of a state that exists but cannot be read: it is kept aside and the directory read again. Extract
 * with no state of its own takes over one from before owners were written (nothing says whose it was), once.
 */
export async function loadFollowState(stateDir: string, dir: string, warn: (text: string) => void, owner: StateOwner = 'inventory'): Promise<FollowState> {
  const file = stateFile(stateDir, dir, owner);
  const text = await readState(file);
  if (text === undefined && owner === 'extract') {
    const legacy = await readState(stateFile(stateDir, dir));
    const parsed = typeof legacy === 'string' ? stateSchema.safeParse(safeJson(legacy)) : undefined;
    if (parsed?.success && parsed.data.owner === undefined) return { ...parsed.data, owner };
  }
  if (text === undefined) return { dir: resolve(dir), done: {}, owner }; // first run
  if (typeof text === 'string') {
    const parsed = stateSchema.safeParse(safeJson(text));
    if (parsed.success) return { ...parsed.data, owner };
    // Until 6 Dec silently: `extract --follow` wrote every capture's records again, and nothing said why.
    warn(await setAsideUnreadableState(file, `every capture in ${dir} is read again (ingest counts those it counted before once; extract writes their records again)`));
  } else {
    warn(`${file}: unreadable follow state (${fileProblem(text)}); every capture in ${dir} is read again`);
  }
  return { dir: resolve(dir), done: {}, owner };
}

function readState(file: string): Promise<string | NodeJS.ErrnoException | undefined> {
  return readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? undefined : err));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Written via a temporary file and rename, so a crash mid-write never loses the record. */
export async function saveFollowState(stateDir: string, state: FollowState, write?: (file: string, content: string) => Promise<void>): Promise<void> {
  const path = stateFile(stateDir, state.dir, state.owner);
  if (write) return write(path, JSON.stringify(state));
  await makeDirectory(stateDir);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(state));
  await rename(tmp, path);
}
