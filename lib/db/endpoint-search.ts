import { db } from './client';
import { databaseKind } from './database-url';
import { env } from '../env';

/**
 * Inventory search `q`: a case-insensitive, literal substring of the host or the path template.
 *
 * Served from a trigram index (SQLite FTS5 `trigram`, PostgreSQL `pg_trgm` GIN on lower(column); see the
 * 20261123194500_endpoint_substring_search and 20261123201500_endpoint_search_lower_indexes migrations): the index narrows the candidates, the exact substring is
 * checked on them, and the matching ids go into the list query. A scan over every endpoint (the only way before)
 * took ≈250 ms at 100,000 endpoints on SQLite.
 * The index cannot help with fewer than 3 characters (a trigram is the smallest unit it knows), and for a term
 * that matches most of the inventory a list of ids is no cheaper than the scan: both fall back to the scan.
 */
export const MIN_INDEXED_LENGTH = 3;
/**
 * Beyond this many matches the caller scans instead: the list query binds each id, and Prisma binds at most 999
 * values per SQLite statement (the other filters, the page and the offset need a few).
 */
export const MAX_INDEXED_MATCHES = 900;

/** The ids of every endpoint matching `q`, or undefined when the caller should scan instead. */
export async function searchEndpointIds(q: string, cap = MAX_INDEXED_MATCHES): Promise<string[] | undefined> {
  if ([...q].length < MIN_INDEXED_LENGTH) return undefined;
  const rows = databaseKind(env().DATABASE_URL) === 'postgres'
    ? await db().$queryRawUnsafe<{ id: string }[]>(
        // lower(column): the expression the trigram indexes are built on (migration 20261123201500).
        `SELECT "id" FROM "Endpoint" WHERE lower("host") LIKE lower($1) OR lower("pathTemplate") LIKE lower($1) LIMIT $2`,
        `%${escapeLike(q)}%`, cap + 1)
    : await db().$queryRawUnsafe<{ id: string }[]>(
        // MATCH finds the candidates by trigram (Unicode case folding); instr(lower()) keeps exactly the literal,
        // ASCII-case-insensitive substrings that SQLite's LIKE (the scan) finds, so both paths agree.
        `SELECT k."endpointId" AS id FROM "EndpointSearch" s JOIN "EndpointSearchKey" k ON k."key" = s.rowid
          WHERE "EndpointSearch" MATCH ? AND (instr(lower(s."host"), lower(?)) > 0 OR instr(lower(s."pathTemplate"), lower(?)) > 0)
          LIMIT ?`,
        `{host pathTemplate} : ${ftsString(q)}`, q, q, cap + 1);
  return rows.length > cap ? undefined : rows.map((r) => r.id);
}

export type SearchWhere =
  | { id: { in: string[] } }
  | { searchText: { contains: string } }
  | { OR: ({ pathTemplate: { contains: string } } | { host: { contains: string } })[] };

/** The list query's condition for `q`: the ids the index found, else the scan's filter. */
export async function searchWhere(q: string): Promise<SearchWhere> {
  const ids = await searchEndpointIds(q);
  return ids ? { id: { in: ids } } : searchScanFilter(q);
}

/**
 * The scan's filter (short or very common terms). PostgreSQL matches the literal text case-insensitively against
 * `searchText`, the lowered host and path the database keeps (migration 20261203180019_endpoint_search_text), with
 * the term lowered by the same lower() so both sides fold alike. SQLite's LIKE folds ASCII case and has no escape
 * character without an ESCAPE clause, which Prisma does not write, so there `%` and `_` in a short or very common
 * term still act as wildcards.
 */
export async function searchScanFilter(q: string): Promise<SearchWhere> {
  if (databaseKind(env().DATABASE_URL) === 'postgres') {
    // ASCII folds the same everywhere; anything else is lowered by the database's own lower() (one round trip).
    const lowered = /^[\x00-\x7f]*$/.test(q)
      ? q.toLowerCase()
      : (await db().$queryRawUnsafe<{ lowered: string }[]>('SELECT lower($1) AS lowered', q))[0].lowered;
    return { searchText: { contains: escapeLike(lowered) } };
  }
  return { OR: [{ pathTemplate: { contains: q } }, { host: { contains: q } }] };
}

/** PostgreSQL LIKE's default escape character is the backslash. */
function escapeLike(q: string): string {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** An FTS5 string literal: the whole term, quotes doubled, so no character in it is query syntax. */
function ftsString(q: string): string {
  return `"${q.replace(/"/g, '""')}"`;
}
