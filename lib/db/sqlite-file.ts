import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Creates a SQLite database's directory and empty file, readable by their owner only, where they do not exist yet:
 * the file holds users, password hashes and the inventory, and on a shared host the default umask left all of it
 * readable by every local account. SQLite gives its `-wal` and `-shm` files the database file's permissions. A file
 * or directory that exists already keeps the permissions its owner gave it.
 */
export function createPrivateSqliteFile(path: string): void {
  if (path === ':memory:') return;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    // Exclusive: an existing file is not opened at all (it may be read-only to this user, as for `lantern inventory`).
    closeSync(openSync(path, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}
