import { domainToASCII } from 'node:url';
import { withoutDefaultPort } from '../exchange/http-rules';
import type { NormalisedSpec, SpecOperation, SpecProblem, SpecServer } from './spec-model';

interface ServerVariable {
  default?: unknown;
  enum?: unknown[];
}
export interface RawServer {
  url?: unknown;
  variables?: Record<string, ServerVariable>;
}

/**
 * Each combination of server variables becomes a server, and each server its own trie of the spec's
 * paths: memory grows with combinations × operations. 256 covers regions × versions × stages of real
 * APIs (20 regions × 2 versions was cut at the old bound of 32) while a hostile spec cannot make
 * millions; past it the cut is reported as a warning, never silent.
 */
export const MAX_SERVER_COMBINATIONS = 256;

/**
 * A relative URL's first segment spelt as a host (`api.x.com/v1`, `localhost:8080`): OpenAPI resolves it against the
 * document's URL, a path, and that is how it is matched; the author most often meant the host. Not `v1.2/api`.
 */
const HOST_WITHOUT_SCHEME = /^(?:(?:[a-z0-9-]+\.)+[a-z]{2,}|localhost)(?::\d+)?(?:[/?#]|$)/i;

/**
 * Turns OpenAPI `servers` into (host, basePath) pairs. Variables expand to their default and each enum value (a
 * server per region is common). A relative URL (`/api/v1`, Gitea) has no host and
 * matches any; no servers at all means `/` on any host (OpenAPI 3 §4.8.5). A server whose variables
 * combine past MAX_SERVER_COMBINATIONS adds a warning to `warnings` at `pointer`/<index>/variables, and one whose
 * URL uses a variable `variables` gives no value (`https://{tenant}.x.com` alone, matched as `.x.com`) one at
 * `pointer`/<index>/url: the validator accepts it, and every call to it would be a silent shadow; so does a URL whose
 * first segment is a host name without a scheme (HOST_WITHOUT_SCHEME).
 */
export function resolveServers(servers: RawServer[] | undefined, warnings: SpecProblem[] = [], pointer = '/servers'): SpecServer[] {
  if (!servers || servers.length === 0) return [{ basePath: '' }];
  const out = new Map<string, SpecServer>();
  servers.forEach((server, index) => {
    if (typeof server?.url !== 'string') return;
    const { urls, combinations, undeclared } = expandVariables(server.url, server.variables ?? {});
    if (undeclared.length > 0) {
      warnings.push({
        pointer: `${pointer}/${index}/url`,
        message: `server variable${undeclared.length > 1 ? 's' : ''} ${undeclared.map((n) => `{${n}}`).join(', ')} ${undeclared.length > 1 ? 'have' : 'has'} no value in variables: matched as ${urls[0]}, traffic to the server's real URLs shows as shadow`,
      });
    }
    if (combinations > urls.length) {
      warnings.push({
        pointer: `${pointer}/${index}/variables`,
        message: `server variables combine to ${combinations} URLs; only the first ${urls.length} are matched, traffic to the others shows as shadow`,
      });
    }
    const hostLike = HOST_WITHOUT_SCHEME.exec(server.url);
    if (hostLike) {
      const path = splitServerUrl(server.url).basePath;
      warnings.push({
        pointer: `${pointer}/${index}/url`,
        message: `server URL ${server.url} has no scheme, so it is a path (${path}) on any host; write https://${server.url} to name the host`,
      });
    }
    for (const url of urls) {
      const resolved = splitServerUrl(url);
      out.set(`${resolved.host ?? ''}|${resolved.basePath}`, resolved);
    }
  });
  return out.size > 0 ? [...out.values()] : [{ basePath: '' }];
}

function expandVariables(url: string, variables: Record<string, ServerVariable>): { urls: string[]; combinations: number; undeclared: string[] } {
  let urls = [url];
  let combinations = 1;
  const undeclared: string[] = [];
  for (const name of new Set([...url.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]))) {
    const v = Object.hasOwn(variables, name) ? variables[name] : undefined;
    // The default first, enum or not: OpenAPI 3.0 only says it SHOULD be in the enum, and it is what a client that
    // chooses nothing sends.
    const listed = Array.isArray(v?.enum) ? v.enum.map(String) : [];
    const values = v?.default !== undefined ? [...new Set([String(v.default), ...listed])] : listed.length > 0 ? listed : [''];
    if (values.length === 1 && values[0] === '' && v?.default === undefined) undeclared.push(name);
    combinations *= values.length;
    // Stops at the bound as it goes: a long enum must not build its whole product first.
    const next: string[] = [];
    for (const u of urls) {
      for (const value of values) {
        if (next.length === MAX_SERVER_COMBINATIONS) break;
        next.push(u.split(`{${name}}`).join(value));
      }
    }
    urls = next;
  }
  return { urls, combinations, undeclared };
}

export function splitServerUrl(url: string): SpecServer {
  const scheme = /^([a-z][a-z0-9+.-]*:)?\/\/([^/?#]*)(.*)$/i.exec(url);
  if (!scheme) return { basePath: trimBasePath(url.split(/[?#]/)[0]) };
  // Spelt as a request's host is (canonicalHost): `:80` and `:443` dropped whatever the scheme. Dropped only for the
  // URL's own scheme, Swagger 2.0's `host: api.example.com:443` without `schemes` (read as http) kept its port,
  // which no request host keeps, and every call to the spec was a shadow.
  const host = canonicalHost(scheme[2].replace(/^[^@]*@/, ''));
  return { host, basePath: trimBasePath(scheme[3].split(/[?#]/)[0]) };
}

/**
 * A relative server URL is resolved against the document's own URL, which a spec file does not know: taken from the
 * root, as `api/v1` already was, with dot segments removed (RFC 3986 §5.2.4), so `./api/v1` is `/api/v1` and `.` the
 * root. Kept, they made a base path (`/./api/v1`) no request has, and every call to the spec's operations a shadow.
 */
function trimBasePath(path: string): string {
  if (/(^|\/)\.\.?(\/|$)/.test(path)) path = withoutDotSegments(path);
  const p = path.replace(/\/+$/, '');
  return p === '' ? '' : p.startsWith('/') ? p : `/${p}`;
}

function withoutDotSegments(path: string): string {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return `/${out.join('/')}`;
}

/**
 * Request hosts compare without the default port (`api.x.com:443` is `api.x.com`) and without the root's trailing dot
 * (`api.x.com.`, a fully qualified name that clients send as typed and resolve to the same server): kept, it matched
 * no spec server and made an inventory host of its own.
 */
const hostCache = new Map<string, string>();

export function canonicalHost(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const cached = hostCache.get(host);
  if (cached !== undefined) return cached;
  if (hostCache.size >= 4096) hostCache.clear();
  const canonical = canonicalHostUncached(host);
  hostCache.set(host, canonical);
  return canonical;
}

function canonicalHostUncached(host: string): string {
  return asciiName(withoutRootDot(withoutDefaultPort(withoutRootDot(host.toLowerCase()))));
}

/**
 * An IDN in Unicode (`bücher.example`, as some clients send it, logs keep it and spec authors write it) as the A-label
 * every resolver, TLS SNI and most Host headers use (`xn--bcher-kva.example`, UTS #46): one host, not two. A name
 * that is no valid IDN stays as it is.
 */
function asciiName(host: string): string {
  if (/^[\x00-\x7f]*$/.test(host)) return host;
  const port = /:\d*$/.exec(host)?.[0] ?? '';
  const ascii = domainToASCII(host.slice(0, host.length - port.length));
  return ascii.length > 0 ? ascii + port : host;
}

/** `api.x.com.` and `api.x.com.:8443` without the dot; a name that is only dots stays as it is. */
function withoutRootDot(host: string): string {
  const m = /^(.*[^.])\.(:\d*)?$/.exec(host);
  return m ? m[1] + (m[2] ?? '') : host;
}

/**
 * Every server the spec's operations are matched on: the document's and each path- or operation-level one (the
 * matcher uses those instead of the document's). What a spec claims, so admission and reclassification read these,
 * not `spec.servers` alone, which let a path-level server name any host.
 */
export function everyServer(spec: Pick<NormalisedSpec, 'servers' | 'operations'>): SpecServer[] {
  const out = new Map<string, SpecServer>();
  for (const server of [...spec.servers, ...spec.operations.flatMap((op) => op.servers ?? [])]) out.set(`${server.host ?? ''}|${server.basePath}`, server);
  return [...out.values()];
}

/** The base path an operation is listed under: its first server's (its own, its path item's, else the document's). */
export function operationBasePath(spec: Pick<NormalisedSpec, 'servers'>, op: Pick<SpecOperation, 'servers'>): string {
  return (op.servers ?? spec.servers)[0]?.basePath ?? '';
}
