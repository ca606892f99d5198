import Database from 'better-sqlite3';

/** Requests counted so far in a SQLite inventory that a running `lantern ingest` writes (read-only, fresh each time). */
export function countedRequests(file: string): number {
  const conn = new Database(file, { readonly: true });
  try {
    return Number((conn.prepare('SELECT COALESCE(SUM(requestCount), 0) AS n FROM Endpoint').get() as { n: number }).n);
  } finally {
    conn.close();
  }
}
