import { UNKNOWN_HOST } from '../inventory/unknown-host';

/**
 * The `servers` entry of a host's shadow export. Lantern stores no URL scheme, only the transports requests came
 * over (evidence `transports`), and a log's `HTTP/1.1` says nothing about TLS in front of it (nginx logs HTTPS
 * requests as HTTP/1.1 too). So plain `http://` is written only where the evidence rules TLS out: requests came as
 * h2c (cleartext HTTP/2 by definition), or as HTTP/1.x to an explicit plain-HTTP port (80, 8080), and never over a
 * TLS transport. Anything else stays `https://`.
 */
const TLS_TRANSPORTS = new Set(['tls', 'h2', 'http/3']);
const CLEARTEXT_HTTP1 = new Set(['http/1.0', 'http/1.1']);
const PLAIN_HTTP_PORTS = new Set(['80', '8080']);

export function exportServer(host: string, transports: ReadonlyArray<Record<string, number> | undefined>): { url: string; description?: string } {
  // Requests without a Host (a combined log, no --host) are stored under this placeholder: an absolute URL for it
  // names a server that does not exist, so the export is relative, which the spec loader reads as "any host".
  if (host === UNKNOWN_HOST) return { url: '/', description: 'The requests carried no host; add the server that serves these paths.' };
  const seen = new Set<string>();
  for (const t of transports) for (const [name, n] of Object.entries(t ?? {})) if (n > 0) seen.add(name);
  const tls = [...seen].some((t) => TLS_TRANSPORTS.has(t));
  const port = /:(\d+)$/.exec(host)?.[1];
  const plain = !tls && (seen.has('h2c') || (port !== undefined && PLAIN_HTTP_PORTS.has(port) && [...seen].some((t) => CLEARTEXT_HTTP1.has(t))));
  return { url: `${plain ? 'http' : 'https'}://${host}` };
}
