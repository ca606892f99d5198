/**
 * What is wrong with `--server` (or `LANTERN_SERVER`) for the commands that talk to a running Lantern, or undefined.
 * A URL with `user:password@` cannot be fetched (fetch refuses it) and was reported as the server being unreachable,
 * password and all, on every retry: `lantern push` spooled its batches and retried for `--retry-for`. Never echoes
 * the value: what was typed may be a password.
 */
export function serverOptionProblem(server: string): string | undefined {
  // `--server "$SERVER"` with SERVER unset: until 7 Dec taken as no --server, and the run went to DATABASE_URL.
  if (server.trim() === '') return '--server is empty (an unset variable?): give the address of a running Lantern (https://lantern.example.com)';
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return '--server is not a URL: give the address of a running Lantern (https://lantern.example.com)';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return '--server must be an http:// or https:// URL: give the address of a running Lantern (https://lantern.example.com)';
  if (url.username !== '' || url.password !== '') return '--server must not carry credentials (user:password@): Lantern takes its API token from --token';
  return undefined;
}

/**
 * A `--token` typed without `--server` (nor LANTERN_SERVER): the command would go to DATABASE_URL, which takes no
 * token, so the --server was forgotten. Until 6 Dec `push a.log --token T` wrote into the local database (or said to
 * migrate one), and `check --token T` judged a local inventory. LANTERN_TOKEN alone is a default, not a mistake.
 */
export function tokenWithoutServerProblem(token: string | undefined, server: string | undefined, writes: boolean): string | undefined {
  if (token === undefined || server) return undefined;
  return `--token needs --server URL (or LANTERN_SERVER): without it ${writes ? 'writes to' : 'reads'} DATABASE_URL, which takes no token`;
}
