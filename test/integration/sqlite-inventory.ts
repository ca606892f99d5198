import Database from 'better-sqlite3';

/** One number from a SQLite inventory that a running `lantern ingest` writes (read-only, opened fresh each time). */
export function sqliteNumber(file: string, sql: string): number {
  const conn = new Database(file, { readonly: true });
  try {
    return Number((conn.prepare(sql).get() as { n: number | bigint }).n);
  } finally {
    conn.close();
  }
}

/** Requests counted so far. */
export function countedRequests(file: string): number {
  return sqliteNumber(file, 'SELECT COALESCE(SUM(requestCount), 0) AS n FROM Endpoint');
}
