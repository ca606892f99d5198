/**
 * The Content-Security-Policy of the dashboard's pages. Scripts run only with this response's nonce (Next.js reads
 * the nonce from the request's CSP header and puts it on its own scripts, so every page is rendered dynamically)
 * and whatever those scripts load ('strict-dynamic'): no 'unsafe-inline' for scripts. Styles keep 'unsafe-inline'
 * because React renders `style` attributes (recharts positions with them) and CSP cannot nonce an attribute; a style
 * cannot run code. Development adds 'unsafe-eval', which React's dev build needs for error overlays.
 */
export function pageContentSecurityPolicy(opts: { nonce: string; dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${opts.nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** 128 random bits, base64: unguessable per response. */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}

/** TLS is terminated in front of Lantern in every deployment we support; the proxy says so in X-Forwarded-Proto. */
export function isHttpsRequest(headers: Headers, url: string): boolean {
  const forwarded = headers.get('x-forwarded-proto')?.split(',')[0].trim().toLowerCase();
  return forwarded ? forwarded === 'https' : url.startsWith('https:');
}

/** Two years, subdomains included: the value hstspreload.org asks for. Sent only on responses that came over TLS. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains';
