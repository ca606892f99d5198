/**
 * The PostgreSQL server DATABASE_URL names cannot be used: nobody answers (P1001), it has no such database (P1003),
 * it refused the user (P1000, P1010), or no TLS connection could be made where the URL's sslmode asks for one
 * (P1011). Prisma's text sits under "Invalid `prisma.endpoint.findMany()` invocation" and says of a refused user only
 * "denied access on the database `(not available)`"; the driver adapter's cause carries the host, the database and
 * the server's own words, never the URL's password.
 */
interface AdapterCause {
  host?: unknown;
  port?: unknown;
  db?: unknown;
  originalMessage?: unknown;
  /** A TLS failure's (P1011): the server has no TLS, or its certificate was not trusted. */
  reason?: unknown;
}

export function databaseConnectionProblem(err: unknown): string | undefined {
  const e = err as { code?: unknown; meta?: { driverAdapterError?: { cause?: AdapterCause } } } | null;
  const cause = e?.meta?.driverAdapterError?.cause ?? {};
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
  switch (e?.code) {
    case 'P1001':
      return noServerAnswers(text(cause.host), text(cause.port));
    case 'P1003':
      return noSuchDatabase(text(cause.db));
    case 'P1000':
    case 'P1010':
      return userRefused(text(cause.originalMessage));
    case 'P1011':
      return noTls(text(cause.reason));
    default:
      return undefined;
  }
}

/** Network errors that mean no server could be reached at the address, as node-postgres passes them on from `net`. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

/**
 * The same three problems as node-postgres reports them when `migrate` (and `serve`'s migration) connects without
 * Prisma: until 6 Dec said as `connect ECONNREFUSED 127.0.0.1:5432` or `database "x" does not exist`, without the
 * `database:` the other commands begin with. The server's words never hold the URL's password.
 */
export function postgresConnectProblem(err: unknown): string | undefined {
  const e = err as { code?: unknown; address?: unknown; port?: unknown; hostname?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
  if (code && UNREACHABLE.has(code)) return noServerAnswers(text(e?.address) ?? text(e?.hostname), text(e?.port));
  // SQLSTATE 3D000 invalid_catalog_name; 28000 invalid_authorization_specification (no such role), 28P01 invalid_password.
  if (code === '3D000') return noSuchDatabase(/database "(.*)" does not exist/.exec(text(e?.message) ?? '')?.[1]);
  if (code === '28000' || code === '28P01') return userRefused(text(e?.message));
  // node-postgres says a server without TLS with no code; Node's TLS gives an untrusted certificate one.
  if (text(e?.message) === 'The server does not support SSL connections' || (code && TLS_CERTIFICATE.test(code))) return noTls(text(e?.message));
  return undefined;
}

const TLS_CERTIFICATE = /^(ERR_TLS_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT|CERT_)/;

/** Until 6 Dec Prisma's "Invalid `prisma.endpoint.findMany()` invocation: … Error opening a TLS connection". */
function noTls(reason: string | undefined): string {
  return `database: no TLS connection to the PostgreSQL server, which DATABASE_URL's sslmode asks for${reason ? `: ${reason}` : ''}`;
}

function noServerAnswers(host: string | undefined, port: string | undefined): string {
  return `database: no PostgreSQL server answers${host ? ` at ${host}${port ? `:${port}` : ''}` : ''} (DATABASE_URL)`;
}

function noSuchDatabase(db: string | undefined): string {
  return `database: the PostgreSQL server has no database${db ? ` "${db}"` : ''} (DATABASE_URL): create it, then run 'lantern migrate'`;
}

function userRefused(serverWords: string | undefined): string {
  return `database: the PostgreSQL server refused the user of DATABASE_URL${serverWords ? `: ${serverWords}` : ''}`;
}
