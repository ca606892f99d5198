import { stat } from 'node:fs/promises';
import { fileProblem } from '../lib/file-problem';

/**
 * What is wrong with a `--state-dir` (extract, ingest, push), said before anything is read: a directory made when
 * first needed, so a path that is something else cannot hold it. Until 6 Dec a file there ended `ingest --follow`
 * with Node's "ENOTDIR: not a directory, mkdir …/journal" (exit 1), and left `extract --follow` hanging after
 * "EEXIST: file already exists", deaf to Ctrl-C.
 */
export async function stateDirProblem(dir: string): Promise<string | undefined> {
  // Resolved, '' is the working directory: until 6 Dec `--state-dir "$STATE"` with STATE unset followed from there.
  if (dir.trim() === '') return '--state-dir is empty (an unset variable?): give the directory for the follow checkpoints';
  try {
    if (!(await stat(dir)).isDirectory()) return `--state-dir ${dir}: not a directory`;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return `--state-dir ${dir}: ${fileProblem(err)}`;
  }
  return undefined;
}

/**
 * Said (a warning, the run goes on) when `--state-dir` is given without `--follow`: nothing else keeps checkpoints, and
 * until 7 Dec the option was taken and ignored without a word, as if the run were resumable.
 */
export function stateDirUnused(values: { 'state-dir'?: string; follow?: boolean }): string | undefined {
  return values['state-dir'] !== undefined && !values.follow ? 'warning: --state-dir keeps the checkpoints of --follow, and this run does not follow: it is not used\n' : undefined;
}
