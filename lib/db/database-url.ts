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
 * For messages: never print a database password, where the URL carries one: in userinfo (which ends at the last `@`
 * of the authority, as node-postgres and WHATWG URL read it, so an unescaped `@` in the password is still the
 * password's; a user name is not needed) or as libpq's `password` parameter. An `@` after the authority is the
 * database name's or a parameter's (`postgres://db:5432/we@ird`): until 6 Dec it was taken for the end of userinfo
 * and the host and port were printed as `db:***`.
 */
export function redactUrl(url: string): string {
  return redactUserinfo(url).replace(/([?&]password=)[^&#]*/gi, '$1***');
}

function redactUserinfo(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0];
  if (!scheme) return url;
  const authority = /^[^/?#]*/.exec(url.slice(scheme.length))![0];
  let at = authority.lastIndexOf('@');
  // No `@` in an authority that is no host[:port] (a password with an unescaped `/`, which no parser reads as a URL):
  // redacted up to the last `@` before the query, as a password is worse printed than the host hidden.
  if (at === -1 && !/^(\[[^\]]*\]|[^:]*)(:\d*)?$/.test(authority)) at = /^[^?#]*@/.exec(url.slice(scheme.length))?.[0].length ?? 0;
  else at += 1;
  if (at === 0) return url;
  const userinfo = url.slice(scheme.length, scheme.length + at - 1);
  const colon = userinfo.indexOf(':');
  return colon === -1 ? url : `${scheme}${userinfo.slice(0, colon)}:***@${url.slice(scheme.length + at)}`;
}
