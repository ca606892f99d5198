import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { collectorEnv, FINGERPRINT_KEY_MIN_LENGTH } from './collector-env';
import { makeDirectory, makeDirectorySync } from './make-directory';

/**
 * The data directory is often made here first (`lantern discover` keys fingerprints before any database exists), and
 * the database lantern serve then creates in it should sit in a directory as private as lib/db/sqlite-file.ts makes.
 */
const PRIVATE_DIR_MODE = 0o700;

/**
 * A per-installation random secret kept in the data directory, created on first use with mode 0600.
 * Lets the zero-configuration start work without asking for secrets, while staying stable across restarts.
 *
 * The file appears with its content or not at all (written aside, then hard-linked into place, which fails when
 * another process got there first): created empty and then written, a process reading it in between, or a write the
 * disk refused, left '' to key fingerprints and sign sessions with. A file shorter than a key may be is refused.
 */
export async function dataDirSecret(name: string): Promise<string> {
  const dir = collectorEnv().LANTERN_DATA_DIR;
  const file = join(dir, `${name}.key`);
  try {
    return checked(file, await readFile(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await makeDirectory(dir, PRIVATE_DIR_MODE);
  const secret = randomBytes(32).toString('base64url');
  const aside = asidePath(file);
  await writeFile(aside, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await linkOrWrite(aside, file, secret);
    return secret;
  } catch (err) {
    // Another process created it first: use theirs so both agree.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return checked(file, await readFile(file, 'utf8'));
    throw err;
  } finally {
    await unlink(aside).catch(() => undefined);
  }
}

/** Synchronous twin of dataDirSecret, for configuration objects that must exist at import time. */
export function dataDirSecretSync(name: string): string {
  const dir = collectorEnv().LANTERN_DATA_DIR;
  const file = join(dir, `${name}.key`);
  try {
    return checked(file, readFileSync(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  makeDirectorySync(dir, PRIVATE_DIR_MODE);
  const secret = randomBytes(32).toString('base64url');
  const aside = asidePath(file);
  writeFileSync(aside, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkOrWriteSync(aside, file, secret);
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return checked(file, readFileSync(file, 'utf8'));
    throw err;
  } finally {
    try {
      unlinkSync(aside);
    } catch {
      // already gone
    }
  }
}

/** File systems without hard links (some network and FUSE mounts) say so with one of these. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);
const noHardLinks = (err: unknown) => NO_HARD_LINKS.has((err as NodeJS.ErrnoException).code ?? '');

/** Links the written-aside file into place; where links cannot be made, creates the file exclusively and writes it. */
async function linkOrWrite(aside: string, file: string, secret: string): Promise<void> {
  try {
    await link(aside, file);
  } catch (err) {
    if (!noHardLinks(err)) throw err;
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  }
}

function linkOrWriteSync(aside: string, file: string, secret: string): void {
  try {
    linkSync(aside, file);
  } catch (err) {
    if (!noHardLinks(err)) throw err;
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  }
}

function asidePath(file: string): string {
  return `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
}

/** The key a file holds; one shorter than a configured key may be (env's rule) is damage, not a key. */
function checked(file: string, content: string): string {
  const key = content.trim();
  if ([...key].length >= FINGERPRINT_KEY_MIN_LENGTH) return key;
  throw new Error(`${file} is ${key.length === 0 ? 'empty' : `too short (${key.length} characters)`}: not a usable secret; delete it to have a new one generated (fingerprints and sessions made with the old one no longer match)`);
}
