import { UNKNOWN_HOST } from '../inventory/unknown-host';

/** What one endpoint's stored evidence says about how it was reached (evidence `transports` and `schemes`). */
export interface ReachEvidence {
  transports?: Record<string, number>;
  schemes?: Record<string, number>;
}

export interface ExportServer {
  url: string;
  description?: string;
}

/**
 * The `servers` of a host's shadow export: one per scheme its traffic proved (evidence `schemes`, see
 * lib/discovery/observed-scheme.ts), https first, so a host served both ways lists both and a plain-HTTP-only one
 * is `http://host` (until 5 Dec a capture of port 80 came out as `https://host`: the host keeps no `:80`). The host
 * already carries any port other than the scheme's default (`legacy.internal:8080`).
 */
export function exportServers(host: string, endpoints: ReadonlyArray<ReachEvidence>): ExportServer[] {
  // Requests without a Host (a combined log, no --host) are stored under this placeholder: an absolute URL for it
  // names a server that does not exist, so the export is relative, which the spec loader reads as "any host".
  if (host === UNKNOWN_HOST) return [{ url: '/', description: 'The requests carried no host; add the server that serves these paths.' }];
  const schemes = seenKeys(endpoints.map((e) => e.schemes));
  const proven = (['https', 'http'] as const).filter((s) => schemes.has(s));
  if (proven.length > 0) return proven.map((s) => ({ url: `${s}://${host}` }));
  return [{ url: `${legacyScheme(host, endpoints.map((e) => e.transports))}://${host}` }];
}

const TLS_TRANSPORTS = new Set(['tls', 'h2', 'http/3']);
const CLEARTEXT_HTTP1 = new Set(['http/1.0', 'http/1.1']);
const PLAIN_HTTP_PORTS = new Set(['80', '8080']);

/**
 * Rows stored before schemes were recorded have only their transports, and a log's `HTTP/1.1` says nothing about
 * TLS in front of it (nginx logs HTTPS requests as HTTP/1.1 too). So plain `http` is kept to where the transports
 * rule TLS out: h2c (cleartext HTTP/2 by definition), or HTTP/1.x to an explicit plain-HTTP port, never with a TLS
 * transport. Anything else stays `https`.
 */
function legacyScheme(host: string, transports: ReadonlyArray<Record<string, number> | undefined>): 'http' | 'https' {
  const seen = seenKeys(transports);
  const tls = [...seen].some((t) => TLS_TRANSPORTS.has(t));
  const port = /:(\d+)$/.exec(host)?.[1];
  const plain = !tls && (seen.has('h2c') || (port !== undefined && PLAIN_HTTP_PORTS.has(port) && [...seen].some((t) => CLEARTEXT_HTTP1.has(t))));
  return plain ? 'http' : 'https';
}

function seenKeys(maps: ReadonlyArray<Record<string, number> | undefined>): Set<string> {
  const seen = new Set<string>();
  for (const m of maps) for (const [name, n] of Object.entries(m ?? {})) if (n > 0) seen.add(name);
  return seen;
}
