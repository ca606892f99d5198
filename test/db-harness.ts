import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { disconnectDb } from '../lib/db/client';
import { migrateDatabase } from '../lib/db/migrate';
import { resetEnvCache } from '../lib/env';
import { requireFor } from './require';

/**
 * Data-layer tests run against both databases: a fresh SQLite file, and a fresh database on the PostgreSQL server
 * named by LANTERN_TEST_PG_URL (test/run-tests.mjs starts a throw-away cluster when PostgreSQL is installed).
 */
export type DatabaseKind = 'sqlite' | 'postgres';
export const DATABASE_KINDS: DatabaseKind[] = ['sqlite', 'postgres'];

export function databaseAvailable(kind: DatabaseKind): boolean {
  if (kind === 'sqlite') return true;
  return requireFor('PostgreSQL data-layer tests', Boolean(process.env.LANTERN_TEST_PG_URL), 'set LANTERN_TEST_PG_URL or install PostgreSQL 15 (test/run-tests.mjs starts a cluster)');
}

/**
 * Creates an empty, migrated database (`migrate: false`: not even migrated, as a first `lantern serve` finds it),
 * points DATABASE_URL (and a fresh data dir) at it, and returns its URL.
 */
export async function useFreshDatabase(kind: DatabaseKind, { migrate = true } = {}): Promise<string> {
  await disconnectDb();
  const dataDir = mkdtempSync(join(tmpdir(), 'lantern-test-'));
  let url: string;
  if (kind === 'sqlite') {
    url = `file:${join(dataDir, 'lantern.db')}`;
  } else {
    const admin = process.env.LANTERN_TEST_PG_URL!;
    const name = `lantern_test_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    const u = new URL(admin);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  process.env.DATABASE_URL = url;
  process.env.LANTERN_DATA_DIR = dataDir;
  process.env.NEXTAUTH_SECRET ??= 'test-secret-test-secret-test-secret';
  resetEnvCache();
  if (migrate) await migrateDatabase(url);
  return url;
}
