import { join } from 'node:path';

/**
 * A table or column the code reads is missing: the database was never migrated (`lantern ingest` or `inventory` run
 * on a fresh clone before `lantern serve`), or was migrated by an older release. Prisma's text ("Invalid
 * `prisma.endpoint.findMany()` invocation … The table `main.Endpoint` does not exist") names neither cause nor cure.
 * P2021 is a missing table, P2022 a missing column, on SQLite and PostgreSQL alike.
 */
export function isDatabaseUnmigrated(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'P2021' || code === 'P2022';
}

export const DATABASE_UNMIGRATED_MESSAGE =
  "database: it has no Lantern tables yet (or an older release's): run 'lantern migrate' first ('lantern serve' migrates when it starts)";

const NO_FILE = 'LANTERN_SQLITE_FILE_MISSING';

/**
 * A SQLite DATABASE_URL whose file does not exist: only a migration creates it (lib/db/client.ts). Until 6 Dec any
 * command that opened the database (`lantern inventory`, `token list` on a mistyped path) created the directory and an
 * empty database file before saying that it had no tables.
 */
export function sqliteFileMissing(path: string): Error {
  return Object.assign(new Error(`${path} does not exist (DATABASE_URL): run 'lantern migrate' first ('lantern serve' migrates when it starts)`), { code: NO_FILE });
}

/** A SQLite DATABASE_URL naming a directory: SQLite says only "unable to open database file". */
export function sqlitePathIsDirectory(path: string): Error {
  return Object.assign(new Error(`${path} is a directory (DATABASE_URL): name the database file in it, e.g. file:${join(path, 'lantern.db')}`), { code: NO_FILE });
}

export function isSqliteFileMissing(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === NO_FILE;
}

/**
 * A SQLite DATABASE_URL naming a file that is no SQLite database (a log, a database damaged or encrypted): Prisma said
 * "Invalid `prisma.apiToken.findMany()` invocation: … file is not a database", migrate SQLite's words alone. The
 * driver's code, from better-sqlite3 (migrate) or through Prisma's adapter (every other command).
 */
export function isNotSqliteDatabase(err: unknown): boolean {
  const e = err as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null;
  return e?.code === 'SQLITE_NOTADB' || e?.meta?.driverAdapterError?.cause?.originalCode === 'SQLITE_NOTADB';
}

export const NOT_SQLITE_DATABASE_MESSAGE = 'database: the file DATABASE_URL names is not a SQLite database (another file, or one damaged or encrypted)';
