import { statSync } from 'node:fs';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as PostgresClient } from '../../generated/postgres/client';
import { PrismaClient as SqliteClient } from '../../generated/sqlite/client';
import { env } from '../env';
import { databaseKind, sqlitePath } from './database-url';
import { sqliteFileMissing, sqlitePathIsDirectory } from './database-unmigrated';

/**
 * The one Prisma client. The two generated clients come from identical models (prisma/make-schemas.mjs), so the
 * PostgreSQL client is typed as the SQLite one.
 */
export type Db = SqliteClient;

const globalForDb = globalThis as unknown as { lanternDb?: { url: string; client: Db } };

export function db(): Db {
  const url = env().DATABASE_URL;
  if (globalForDb.lanternDb?.url !== url) globalForDb.lanternDb = { url, client: createClient(url) };
  return globalForDb.lanternDb.client;
}

export function createClient(url: string): Db {
  if (databaseKind(url) === 'sqlite') {
    const path = sqlitePath(url);
    // Opened, never created: better-sqlite3 would create a missing file (lib/db/migrate.ts makes it, private).
    const st = path === ':memory:' ? undefined : statSync(path, { throwIfNoEntry: false });
    if (path !== ':memory:' && !st) throw sqliteFileMissing(path);
    if (st?.isDirectory()) throw sqlitePathIsDirectory(path);
    // 15 s busy timeout: collectors and the app may write at once; WAL (set by the migration runner) lets readers
    // proceed while a writer holds the lock.
    return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: `file:${path}`, timeout: 15_000 }) });
  }
  const adapter = new PrismaPg({ connectionString: url, max: 10 });
  return new PostgresClient({ adapter }) as unknown as Db;
}

export async function disconnectDb(): Promise<void> {
  await globalForDb.lanternDb?.client.$disconnect();
  globalForDb.lanternDb = undefined;
}
