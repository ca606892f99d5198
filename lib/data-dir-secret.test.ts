import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { dataDirSecret, dataDirSecretSync } from './data-dir-secret';

const saved = process.env.LANTERN_DATA_DIR;
afterEach(() => {
  process.env.LANTERN_DATA_DIR = saved;
});

function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-secret-'));
  process.env.LANTERN_DATA_DIR = dir;
  return dir;
}

test('a secret is generated once, 0600, and read back the same by both readers', async () => {
  const dir = freshDataDir();
  const first = await dataDirSecret('fingerprint');
  expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(statSync(join(dir, 'fingerprint.key')).mode & 0o777).toBe(0o600);
  expect([await dataDirSecret('fingerprint'), dataDirSecretSync('fingerprint')]).toEqual([first, first]);
  expect(dataDirSecretSync('nextauth')).not.toBe(first);
});

test('a data directory a secret creates is 0700, as the SQLite database makes it, whichever comes first', async () => {
  // Before: `lantern discover` on a fresh clone made ./data for its fingerprint key with the umask's 0755, and the
  // database `lantern serve` then created in it sat in a directory every local account could list.
  for (const read of [(n: string) => dataDirSecret(n), async (n: string) => dataDirSecretSync(n)]) {
    const dir = join(freshDataDir(), 'data');
    process.env.LANTERN_DATA_DIR = dir;
    await read('fingerprint');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  }
});

test('an empty or cut key file is refused, never used as the key', async () => {
  // A write the disk refused (ENOSPC after the file was created), a `touch`, a copy cut short: keyed with '' or a
  // few characters, fingerprints of short credentials (a PIN, a 6-character password) could be reversed by anyone,
  // and sessions signed with it forged.
  for (const content of ['', '\n', 'abc\n']) {
    const dir = freshDataDir();
    writeFileSync(join(dir, 'fingerprint.key'), content, { mode: 0o600 });
    writeFileSync(join(dir, 'nextauth.key'), content, { mode: 0o600 });
    await expect(dataDirSecret('fingerprint')).rejects.toThrow(/fingerprint\.key.*(empty|short)/);
    expect(() => dataDirSecretSync('nextauth')).toThrow(/nextauth\.key.*(empty|short)/);
    expect(readFileSync(join(dir, 'fingerprint.key'), 'utf8')).toBe(content);
  }
});
