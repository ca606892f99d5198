import { sameHost } from '../openapi/matcher';
import { splitPath } from '../openapi/path-template';
import { splitServerUrl } from '../openapi/servers';

/**
 * An endpoint's path as the spec of the API it is under spells it: relative to that API's server, the longest of its
 * server URLs (Api.hosts) on the endpoint's host whose base path begins the path (a relative server, on any host).
 * The adopt snippet keyed its path item by the whole URL path: pasted into a spec served at `…/v2`, it documented
 * `/v2/v2/…`, and the endpoint stayed a shadow.
 */
export function pathUnderServer(path: string, host: string, serverUrls: readonly string[]): string {
  const segments = splitPath(path);
  let depth = 0;
  for (const url of serverUrls) {
    const server = splitServerUrl(url);
    if (server.host && !sameHost(server.host, host)) continue;
    const base = splitPath(server.basePath);
    if (base.length > depth && base.length <= segments.length && base.every((s, i) => s === segments[i])) depth = base.length;
  }
  return depth === 0 ? path : `/${segments.slice(depth).join('/')}`;
}
