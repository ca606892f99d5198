/** Which database a `DATABASE_URL` names: `file:<path>` is SQLite, `postgres://…` PostgreSQL. */
export type DatabaseKind = 'sqlite' | 'postgres';

export function databaseKind(url: string): DatabaseKind {
  if (url.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  throw new Error(`unsupported DATABASE_URL '${redactUrl(url)}': use file:<path> or postgres://…`);
}

export function sqlitePath(url: string): string {
  return url.replace(/^file:/, '').replace(/\?.*$/, '');
}

/**
 * For messages: never print a database password, where the URL carries one: in userinfo (which ends at the last `@`,
 * as node-postgres and WHATWG URL read it, so an unescaped `@` in the password is still the password's; a user name
 * is not needed) or as libpq's `password` parameter.
 */
export function redactUrl(url: string): string {
  return url
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)([^?#]*)@/i, (all: string, scheme: string, userinfo: string) => {
      const colon = userinfo.indexOf(':');
      return colon === -1 ? all : `${scheme}${userinfo.slice(0, colon)}:***@`;
    })
    .replace(/([?&]password=)[^&#]*/gi, '$1***');
}
