import { mkdirSync, statSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * `mkdir -p`, one level at a time. Node's `{ recursive: true }` never returns under /proc (node 20): creating
 * /proc/x fails with ENOENT, Node takes that as "make the parent first", /proc exists, and it tries /proc/x again,
 * forever — `DATABASE_URL=file:/proc/x/y.db lantern migrate` hung. Here each missing level is made once, and the
 * first that cannot be made fails with its own error (`path` is that level). An existing directory is fine, as with
 * `recursive`; an existing file is ENOTDIR.
 */
export function makeDirectorySync(dir: string, mode?: number): void {
  const missing: string[] = [];
  let at = dir;
  while (!isDirectorySync(at) && dirname(at) !== at) {
    missing.unshift(at);
    at = dirname(at);
  }
  for (const level of missing) {
    try {
      mkdirSync(level, { mode });
    } catch (err) {
      // Another process made it meanwhile: as good as made here.
      if (!((err as NodeJS.ErrnoException).code === 'EEXIST' && isDirectorySync(level))) throw refined(err, level);
    }
  }
}

/** The asynchronous twin of makeDirectorySync. */
export async function makeDirectory(dir: string, mode?: number): Promise<void> {
  const missing: string[] = [];
  let at = dir;
  while (!(await isDirectory(at)) && dirname(at) !== at) {
    missing.unshift(at);
    at = dirname(at);
  }
  for (const level of missing) {
    try {
      await mkdir(level, { mode });
    } catch (err) {
      if (!((err as NodeJS.ErrnoException).code === 'EEXIST' && (await isDirectory(level)))) throw refined(err, level);
    }
  }
}

function isDirectorySync(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/**
 * A file where a directory should be says EEXIST (or ENOTDIR further down): both become ENOTDIR naming that file. A
 * level that cannot be made though its parent is a directory (/proc says ENOENT) names the parent.
 */
function refined(err: unknown, level: string): unknown {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EEXIST') return Object.assign(new Error(`ENOTDIR: ${level} is not a directory`, { cause: err }), { code: 'ENOTDIR', syscall: 'mkdir', path: level });
  if (e.code === 'ENOENT') return Object.assign(new Error(`${dirname(level)} takes no new directory (mkdir ${level}: no such file or directory)`, { cause: err }), { syscall: 'mkdir', path: level });
  return err;
}
