/**
 * CSRF defence for cookie-authenticated state changes. A browser attaches the session cookie to a cross-site form
 * post or fetch, so the request itself must prove it came from our own pages. Modern browsers say so in
 * `Sec-Fetch-Site`; where they do not (plain-http deployments outside localhost are not a "secure context", so no
 * Fetch Metadata), `Origin` is compared with the host the request was sent to. A request with neither is refused:
 * every browser that still sends cookies cross-site sends `Origin` on POST/PUT/PATCH/DELETE, and non-browser
 * clients authenticate with a Bearer token, which a cross-site page cannot attach, so they are exempt.
 * `same-site` is refused too: a sibling subdomain is not us.
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type SameOriginVerdict = { ok: true } | { ok: false; reason: string };

export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** `publicOrigin` is NEXTAUTH_URL's origin when set (the dashboard's public address behind a proxy). */
export function checkSameOrigin(req: Request, publicOrigin?: string): SameOriginVerdict {
  const site = req.headers.get('sec-fetch-site');
  if (site) {
    return site === 'same-origin' || site === 'none' ? { ok: true } : { ok: false, reason: `Sec-Fetch-Site is ${site}` };
  }
  const origin = req.headers.get('origin');
  if (!origin) return { ok: false, reason: 'neither Sec-Fetch-Site nor Origin was sent' };
  if (origin === 'null') return { ok: false, reason: 'opaque Origin' };
  const allowed = allowedOrigins(req, publicOrigin);
  return allowed.has(origin.toLowerCase()) ? { ok: true } : { ok: false, reason: `Origin ${origin} is not this site` };
}

function allowedOrigins(req: Request, publicOrigin?: string): Set<string> {
  const out = new Set<string>();
  if (publicOrigin) out.add(new URL(publicOrigin).origin.toLowerCase());
  // A cross-site page cannot set Host or X-Forwarded-Host (the latter would need a CORS preflight we never grant),
  // so whatever host the request names is the site the browser is on.
  const url = new URL(req.url);
  const proto = (req.headers.get('x-forwarded-proto') ?? url.protocol.replace(/:$/, '')).split(',')[0].trim();
  for (const host of [req.headers.get('x-forwarded-host'), req.headers.get('host'), url.host]) {
    if (host) out.add(`${proto}://${host.split(',')[0].trim()}`.toLowerCase());
  }
  return out;
}
