import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { migrateDatabase } from './migrate';

const mode = (path: string) => statSync(path).mode & 0o777;

test('the SQLite database Lantern creates (users, password hashes, the inventory) is its owner\'s alone', async () => {
  const root = mkdtempSync(join(tmpdir(), 'lantern-sqlite-mode-'));
  const dir = join(root, 'data');
  const file = join(dir, 'lantern.db');
  await migrateDatabase(`file:${file}`);
  // The write-ahead log holds the same rows while a connection is open; SQLite gives it the database file's mode.
  const conn = new Database(file);
  try {
    conn.exec('CREATE TABLE "probe" ("x" TEXT)');
    expect([mode(dir), mode(file), mode(`${file}-wal`)]).toEqual([0o700, 0o600, 0o600]);
  } finally {
    conn.close();
  }
});

test('a database file that already exists keeps the permissions its owner gave it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-sqlite-mode-'));
  const file = join(dir, 'shared.db');
  writeFileSync(file, '', { mode: 0o640 });
  await migrateDatabase(`file:${file}`);
  expect(mode(file)).toBe(0o640);
});
