// @ts-check
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Security headers for every response; the CSP is tightened further in the hardening work (issue 8). */
const securityHeaders = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
  { key: 'Content-Security-Policy', value: "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'" },
];

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
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
