import { rename } from 'node:fs/promises';
import { fileProblem } from '../lib/file-problem';

/**
 * A follow state that cannot be read is moved aside before the follower starts over: the next checkpoint would
 * overwrite it, and with it what an operator needs to see why a directory was read again (a disk filled mid-write,
 * an edit by hand). Returns the warning to give, naming both files.
 */
export async function setAsideUnreadableState(file: string, consequence: string): Promise<string> {
  const aside = `${file}.unreadable-${Date.now()}`;
  const kept = await rename(file, aside).then(() => `kept as ${aside}`, (err: NodeJS.ErrnoException) => `could not be moved aside (${fileProblem(err)})`);
  return `${file}: unreadable follow state, ${kept}; ${consequence}`;
}
