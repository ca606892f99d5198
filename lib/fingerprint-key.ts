import { readFile } from 'node:fs/promises';
import { collectorEnv, FINGERPRINT_KEY_MIN_LENGTH } from './collector-env';
import { dataDirSecret } from './data-dir-secret';

/**
 * The key for credential fingerprints: `LANTERN_FINGERPRINT_KEY`, the file `LANTERN_FINGERPRINT_KEY_FILE` names, else
 * one generated for this installation into the data directory. The generated one sits beside the default SQLite
 * database, so a copy of that directory holds both the fingerprints and their key, enough to test guessed passwords
 * against a Basic credential's fingerprint offline: a mounted secret kept out of the database's backups is not.
 */
export async function loadFingerprintKey(): Promise<string> {
  const { LANTERN_FINGERPRINT_KEY: key, LANTERN_FINGERPRINT_KEY_FILE: file } = collectorEnv();
  if (file !== undefined) return keyInFile(file);
  return key ?? (await dataDirSecret('fingerprint'));
}

/** The file's text without the line end a secret file usually has; one shorter than a key may be is refused. */
async function keyInFile(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`LANTERN_FINGERPRINT_KEY_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const key = text.replace(/\r?\n$/, '');
  if ([...key].length < FINGERPRINT_KEY_MIN_LENGTH) {
    throw new Error(`LANTERN_FINGERPRINT_KEY_FILE: ${file} must hold a key of at least ${FINGERPRINT_KEY_MIN_LENGTH} characters`);
  }
  return key;
}
