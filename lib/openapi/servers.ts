import { withoutDefaultPort } from '../exchange/http-rules';
import type { SpecServer } from './spec-model';

interface ServerVariable {
  default?: unknown;
  enum?: unknown[];
}
export interface RawServer {
  url?: unknown;
  variables?: Record<string, ServerVariable>;
}

/** Enough expansions for `{region}`-style enums without letting a hostile spec blow up the matcher. */
const MAX_EXPANSIONS = 32;

/**
 * Turns OpenAPI `servers` into (host, basePath) pairs. Variables expand to each enum value (a server
 * per region is common), else to their default. A relative URL (`/api/v1`, Gitea) has no host and
 * matches any; no servers at all means `/` on any host (OpenAPI 3 §4.8.5).
 */
export function resolveServers(servers: RawServer[] | undefined): SpecServer[] {
  if (!servers || servers.length === 0) return [{ basePath: '' }];
  const out = new Map<string, SpecServer>();
  for (const server of servers) {
    if (typeof server?.url !== 'string') continue;
    for (const url of expandVariables(server.url, server.variables ?? {})) {
      const resolved = splitServerUrl(url);
      out.set(`${resolved.host ?? ''}|${resolved.basePath}`, resolved);
    }
  }
  return out.size > 0 ? [...out.values()] : [{ basePath: '' }];
}

function expandVariables(url: string, variables: Record<string, ServerVariable>): string[] {
  let urls = [url];
  for (const [, name] of url.matchAll(/\{([^{}]+)\}/g)) {
    const v = variables[name];
    const values = Array.isArray(v?.enum) && v.enum.length > 0 ? v.enum.map(String) : v?.default !== undefined ? [String(v.default)] : [''];
    urls = urls.flatMap((u) => values.map((value) => u.split(`{${name}}`).join(value))).slice(0, MAX_EXPANSIONS);
  }
  return urls;
}

export function splitServerUrl(url: string): SpecServer {
  const scheme = /^([a-z][a-z0-9+.-]*:)?\/\/([^/?#]*)(.*)$/i.exec(url);
  if (!scheme) return { basePath: trimBasePath(url.split(/[?#]/)[0]) };
  const authority = scheme[2].replace(/^[^@]*@/, '').toLowerCase();
  const isHttps = (scheme[1] ?? '').toLowerCase() === 'https:';
  const host = authority.replace(isHttps ? /:443$/ : /:80$/, '');
  return { host: host.length > 0 ? host : undefined, basePath: trimBasePath(scheme[3].split(/[?#]/)[0]) };
}

function trimBasePath(path: string): string {
  const p = path.replace(/\/+$/, '');
  return p === '' ? '' : p.startsWith('/') ? p : `/${p}`;
}

/** Request hosts compare without the default port: `api.x.com:443` is `api.x.com`. */
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
  return withoutDefaultPort(host.toLowerCase());
}
