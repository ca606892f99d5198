import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { loadFingerprintKey } from './fingerprint-key';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

function freshEnv(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-fpkey-'));
  delete process.env.LANTERN_FINGERPRINT_KEY;
  delete process.env.LANTERN_FINGERPRINT_KEY_FILE;
  process.env.LANTERN_DATA_DIR = join(dir, 'data');
  return dir;
}

test('LANTERN_FINGERPRINT_KEY_FILE keys fingerprints from a mounted secret, and nothing is generated beside the database', async () => {
  // Until 6 Dec the key was the variable's value or data/fingerprint.key, beside data/lantern.db: a copy of that
  // directory held the fingerprints and their key together. A secret file (Docker's, Kubernetes') can sit elsewhere.
  const dir = freshEnv();
  const file = join(dir, 'fingerprint-secret');
  writeFileSync(file, 'k8s-secret-0123456789abcdef\n');
  process.env.LANTERN_FINGERPRINT_KEY_FILE = file;
  expect(await loadFingerprintKey()).toBe('k8s-secret-0123456789abcdef');
  expect(existsSync(join(dir, 'data', 'fingerprint.key'))).toBe(false);
});

test('a key file that cannot be read or is too short stops the command naming the variable, never a generated key', async () => {
  const dir = freshEnv();
  process.env.LANTERN_FINGERPRINT_KEY_FILE = join(dir, 'missing');
  await expect(loadFingerprintKey()).rejects.toThrow(`LANTERN_FINGERPRINT_KEY_FILE: cannot read ${join(dir, 'missing')} (ENOENT)`);
  writeFileSync(join(dir, 'short'), 'short\n');
  process.env.LANTERN_FINGERPRINT_KEY_FILE = join(dir, 'short');
  await expect(loadFingerprintKey()).rejects.toThrow('must hold a key of at least 16 characters');
  process.env.LANTERN_FINGERPRINT_KEY = 'x'.repeat(16);
  await expect(loadFingerprintKey()).rejects.toThrow('LANTERN_FINGERPRINT_KEY_FILE: set it or LANTERN_FINGERPRINT_KEY, not both');
  expect(existsSync(join(dir, 'data'))).toBe(false);
});

test('without either variable the generated key in the data directory stays the default', async () => {
  const dir = freshEnv();
  const key = await loadFingerprintKey();
  expect([key.length, existsSync(join(dir, 'data', 'fingerprint.key')), await loadFingerprintKey()]).toEqual([43, true, key]);
});
