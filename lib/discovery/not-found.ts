/**
 * A path the server answers only with 404 (or 405 for the method) does not exist there: reporting every scanner
 * probe (`/wp-login.php`, `/.env`) as a shadow API would bury the real ones. One rule for `discover` (the statuses of
 * its run) and the stored inventory (`check`, `inventory`: a row's statuses over every batch it was counted from),
 * so the shadows `check` fails on are the ones `discover` lists; until 7 Dec the stored ones all counted.
 */
export function onlyNotFound(statuses: Readonly<Record<string, number>>): boolean {
  const codes = Object.keys(statuses).filter((c) => statuses[c] > 0);
  return codes.length > 0 && codes.every((c) => c === '404' || c === '405');
}

/** An undocumented endpoint `discover`, `check` and `inventory` leave out unless asked (`--include-not-found`). */
export function isNotFoundShadow(row: { state: string; statuses: unknown }): boolean {
  return row.state === 'shadow' && typeof row.statuses === 'object' && row.statuses !== null && onlyNotFound(row.statuses as Record<string, number>);
}
