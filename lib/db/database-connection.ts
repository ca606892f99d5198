/**
 * The PostgreSQL server DATABASE_URL names cannot be used: nobody answers (P1001), it has no such database (P1003),
 * or it refused the user (P1000, P1010). Prisma's text sits under "Invalid `prisma.endpoint.findMany()` invocation"
 * and says of a refused user only "denied access on the database `(not available)`"; the driver adapter's cause
 * carries the host, the database and the server's own words, never the URL's password.
 */
interface AdapterCause {
  host?: unknown;
  port?: unknown;
  db?: unknown;
  originalMessage?: unknown;
}

export function databaseConnectionProblem(err: unknown): string | undefined {
  const e = err as { code?: unknown; meta?: { driverAdapterError?: { cause?: AdapterCause } } } | null;
  const cause = e?.meta?.driverAdapterError?.cause ?? {};
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
  switch (e?.code) {
    case 'P1001': {
      const where = text(cause.host) ? ` at ${text(cause.host)}${text(cause.port) ? `:${text(cause.port)}` : ''}` : '';
      return `database: no PostgreSQL server answers${where} (DATABASE_URL)`;
    }
    case 'P1003':
      return `database: the PostgreSQL server has no database${text(cause.db) ? ` "${text(cause.db)}"` : ''} (DATABASE_URL): create it, then run 'lantern migrate'`;
    case 'P1000':
    case 'P1010':
      return `database: the PostgreSQL server refused the user of DATABASE_URL${text(cause.originalMessage) ? `: ${text(cause.originalMessage)}` : ''}`;
    default:
      return undefined;
  }
}
