import type { NextConfig } from 'next';
import { NextRequest } from 'next/server';
import { describe, expect, test } from 'vitest';
import { config, proxy } from '../../proxy';

// next.config.js is plain JS (Next reads it before any TypeScript): imported by path, typed as what it exports.
const CONFIG = '../../next.config.js';
const nextConfig = ((await import(CONFIG)) as { default: NextConfig }).default;

/** The headers Next.js is configured to send, and the per-response CSP the proxy puts on pages. */
describe('security headers', () => {
  test('every response: no framing, no sniffing, same-origin referrer; API responses deny everything', async () => {
    const rules = await nextConfig.headers!();
    const all = rules.find((r) => r.source === '/:path*' && !r.has)!;
    expect(Object.fromEntries(all.headers.map((h) => [h.key, h.value]))).toEqual({
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
      'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    const api = rules.find((r) => r.source === '/api/:path*')!;
    expect(api.headers).toEqual([{ key: 'Content-Security-Policy', value: "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'" }]);
    expect(nextConfig.poweredByHeader).toBe(false);
  });

  test('HSTS only when the request came through TLS', async () => {
    const rules = await nextConfig.headers!();
    const hsts = rules.filter((r) => r.headers.some((h) => h.key === 'Strict-Transport-Security'));
    expect(hsts).toEqual([
      { source: '/:path*', has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https' }], headers: [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }] },
    ]);
  });

  test('pages: a fresh nonce per response, no unsafe-inline or unsafe-eval for scripts, and Next.js sees the nonce', () => {
    const first = proxy(new NextRequest('http://lantern.test/inventory'));
    const second = proxy(new NextRequest('http://lantern.test/inventory'));
    const csp = first.headers.get('content-security-policy')!;
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)![1];
    expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
    expect(second.headers.get('content-security-policy')).not.toContain(nonce);
    expect(csp).toBe(
      `default-src 'self'; script-src 'self' 'nonce-${nonce}' 'strict-dynamic'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'`,
    );
    // Next.js reads the nonce from the *request* CSP header, forwarded to the renderer as x-middleware-request-*.
    expect(first.headers.get('x-middleware-request-content-security-policy')).toBe(csp);
    expect(first.headers.get('strict-transport-security')).toBeNull();
  });

  test('pages behind TLS: HSTS and upgrade-insecure-requests', () => {
    const res = proxy(new NextRequest('http://10.0.0.5:3000/inventory', { headers: { 'x-forwarded-proto': 'https' } }));
    expect(res.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
    expect(res.headers.get('content-security-policy')!.endsWith("frame-ancestors 'none'; upgrade-insecure-requests")).toBe(true);
  });

  test('the proxy runs for pages, not for API routes or static assets', () => {
    const source = new RegExp(`^${config.matcher[0].source}$`);
    expect(['/inventory', '/signin', '/', '/apis/payments'].map((p) => source.test(p))).toEqual([true, true, true, true]);
    expect(['/api/ingest', '/_next/static/chunks/a.js', '/favicon.ico'].map((p) => source.test(p))).toEqual([false, false, false]);
  });
});
