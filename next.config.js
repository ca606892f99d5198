// @ts-check
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Security headers. Every response: no framing, no MIME sniffing, no referrer to other sites, no powerful browser
 * features, its own browsing-context group. Pages get their nonce-based Content-Security-Policy (and HSTS) from
 * proxy.ts; API responses are JSON and may load nothing, so they get a static deny-all policy here (next-auth's own
 * sign-out confirmation page under /api/auth needs its inline style and a same-origin form post).
 * HSTS only when the request reached the TLS-terminating proxy over https: HSTS on plain http is ignored at best.
 */
const securityHeaders = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
];
const apiContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const strictTransportSecurity = 'max-age=63072000; includeSubDomains';

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // `npm run typecheck` checks the whole repository (CLI and collectors included) in CI; `npm start` on a fresh
  // clone should not spend its first minute on it.
  typescript: { ignoreBuildErrors: true },
  // Native and driver packages stay in node_modules instead of being bundled.
  serverExternalPackages: ['better-sqlite3', 'pg', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'bcryptjs'],
  turbopack: { root: dirname(fileURLToPath(import.meta.url)) },
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: apiContentSecurityPolicy }] },
      {
        source: '/:path*',
        has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https' }],
        headers: [{ key: 'Strict-Transport-Security', value: strictTransportSecurity }],
      },
    ];
  },
};

export default nextConfig;
