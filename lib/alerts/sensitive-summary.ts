/**
 * The sentence of a `sensitive-unauthenticated` alert, saying where the data was seen: a tag from a request's path
 * (`/users/jane@example.com`, lib/discovery/path-sensitive.ts) is data the caller sent, which the API may never
 * return. Until 6 Dec every tag was said to be returned (`GET api.test/users/{email} returns email`). A tag seen in
 * a path and in a body too is both (since 7 Dec: until then it was said to be in the path only); a row stored before
 * 7 Dec has no `inBody`, and such a tag is said to be in the path, as then.
 */
export function sensitiveUnauthenticatedSummary(label: string, tags: readonly string[], inPath: readonly string[] = [], inBody: readonly string[] = []): string {
  const path = new Set(inPath);
  const body = new Set(inBody);
  const returned = tags.filter((t) => !path.has(t) || body.has(t));
  const carried = tags.filter((t) => path.has(t));
  const parts = [
    ...(returned.length > 0 ? [`returns ${returned.join(', ')}`] : []),
    ...(carried.length > 0 ? [`carries ${carried.join(', ')} in its path`] : []),
  ];
  return `${label} ${parts.join(' and ')} without authentication`;
}
