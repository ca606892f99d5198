import { closeSync, existsSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileProblem } from '../file-problem';
import { makeDirectorySync } from '../make-directory';
import { sqlitePathIsDirectory } from './database-unmigrated';

/**
 * Creates a SQLite database's directory and empty file, readable by their owner only, where they do not exist yet:
 * the file holds users, password hashes and the inventory, and on a shared host the default umask left all of it
 * readable by every local account. SQLite gives its `-wal` and `-shm` files the database file's permissions. A file
 * or directory that exists already keeps the permissions its owner gave it.
 */
export function createPrivateSqliteFile(path: string): void {
  if (path === ':memory:') return;
  const dir = dirname(path);
  try {
    makeDirectorySync(dir, 0o700);
  } catch (err) {
    // Until 6 Dec Node's words: "EEXIST: file already exists, mkdir '/dev/null'" for file:/dev/null/lantern.db.
    throw new Error(`database: cannot create the directory ${dir} (DATABASE_URL): ${placeProblem(dir, err)}`, { cause: err });
  }
  try {
    // Exclusive: an existing file is not opened at all (it may be read-only to this user, as for `lantern inventory`).
    closeSync(openSync(path, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`database: cannot create ${path} (DATABASE_URL): ${fileProblem(err)}`, { cause: err });
    // A plain error: migrate says it after `database:` itself.
    if (statSync(path).isDirectory()) throw new Error(`database: ${sqlitePathIsDirectory(path).message}`);
  }
}

/** A recursive mkdir that meets a file where a directory should be says EEXIST or ENOTDIR: the file is named. */
function placeProblem(dir: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EEXIST' || code === 'ENOTDIR') {
    let existing = dir;
    while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
    if (!statSync(existing, { throwIfNoEntry: false })?.isDirectory()) return `${existing} is not a directory`;
  }
  return fileProblem(err);
}
