import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { connectPostgres } from './postgres-connect';
import { databaseKind, sqlitePath } from './database-url';
import { createPrivateSqliteFile } from './sqlite-file';

/**
 * Applies the committed SQL in prisma/migrations/<provider>/ in name order, once each, recording name and checksum
 * in `_lantern_migrations`. Prisma's own `migrate deploy` needs a native engine for PostgreSQL that cannot be
 * downloaded here (prisma/orm#27403), so both databases go through this runner.
 * Concurrent starts are safe: PostgreSQL takes an advisory lock, SQLite an immediate write lock.
 */
export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

const MIGRATIONS_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../prisma/migrations');
const LOCK_ID = 7_226_863; // arbitrary, constant: "lantern" on a phone keypad, truncated

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(provider: 'sqlite' | 'postgres', root = MIGRATIONS_ROOT): Migration[] {
  const dir = join(root, provider);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export async function migrateDatabase(url: string): Promise<MigrationResult> {
  try {
    return databaseKind(url) === 'sqlite' ? migrateSqlite(url) : await migratePostgres(url);
  } catch (err) {
    // Every command says a database's problem after `database:` (bin/cli.ts); the runner's own and the driver's too.
    if (err instanceof Error && !err.message.startsWith('database: ')) err.message = `database: ${err.message}`;
    throw err;
  }
}

function checkChecksum(m: Migration, recorded: string | undefined): boolean {
  if (recorded === undefined) return false;
  if (recorded !== m.checksum) {
    throw new Error(`migration ${m.name} was changed after it was applied (checksum mismatch); add a new migration instead`);
  }
  return true;
}

function migrateSqlite(url: string): MigrationResult {
  const path = sqlitePath(url);
  createPrivateSqliteFile(path);
  const conn = new Database(path, { timeout: 30_000 });
  try {
    conn.pragma('journal_mode = WAL');
    // Off while migrating: Prisma's table rebuilds (copy into new_X, DROP X, rename) say `PRAGMA foreign_keys=OFF`,
    // but that pragma is a no-op inside a transaction, and with keys on, DROP X cascades into every child table.
    // Integrity is checked before each migration commits instead.
    conn.pragma('foreign_keys = OFF');
    conn.exec(`CREATE TABLE IF NOT EXISTS "_lantern_migrations" (
      "name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "applied_at" TEXT NOT NULL)`);
    const result: MigrationResult = { applied: [], alreadyApplied: 0 };
    for (const m of listMigrations('sqlite')) {
      const run = conn.transaction(() => {
        const row = conn.prepare('SELECT checksum FROM "_lantern_migrations" WHERE name = ?').get(m.name) as
          | { checksum: string }
          | undefined;
        if (checkChecksum(m, row?.checksum)) return false;
        conn.exec(m.sql);
        const broken = conn.pragma('foreign_key_check') as { table: string; parent: string }[];
        if (broken.length > 0) {
          throw new Error(`migration ${m.name} left ${broken.length} rows of ${broken[0].table} pointing at no ${broken[0].parent}`);
        }
        conn
          .prepare('INSERT INTO "_lantern_migrations" (name, checksum, applied_at) VALUES (?, ?, ?)')
          .run(m.name, m.checksum, new Date().toISOString());
        return true;
      });
      if (run.immediate()) result.applied.push(m.name);
      else result.alreadyApplied++;
    }
    return result;
  } finally {
    conn.close();
  }
}

async function migratePostgres(url: string): Promise<MigrationResult> {
  const client = await connectPostgres(url);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_ID]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_lantern_migrations" (
      "name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "applied_at" TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ name: string; checksum: string }>('SELECT name, checksum FROM "_lantern_migrations"');
    const recorded = new Map(rows.map((r) => [r.name, r.checksum]));
    const result: MigrationResult = { applied: [], alreadyApplied: 0 };
    for (const m of listMigrations('postgres')) {
      if (checkChecksum(m, recorded.get(m.name))) {
        result.alreadyApplied++;
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO "_lantern_migrations" (name, checksum) VALUES ($1, $2)', [m.name, m.checksum]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
      }
      result.applied.push(m.name);
    }
    return result;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_ID]).catch(() => undefined);
    await client.end();
  }
}
