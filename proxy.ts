import { NextResponse, type NextRequest } from 'next/server';
import { RETURN_PATH_HEADER } from './lib/auth/return-path';
import { createNonce, isHttpsRequest, pageContentSecurityPolicy, STRICT_TRANSPORT_SECURITY } from './lib/security/content-security-policy';

/**
 * Next.js proxy (the former middleware) for pages: a fresh CSP nonce per response. The CSP goes on the request too,
 * which is where Next.js reads the nonce to stamp its own <script> tags. API routes get their (stricter, static)
 * headers from next.config.js; nothing else happens here but noting the page asked for (see RETURN_PATH_HEADER) —
 * authorisation stays in the route wrapper and layouts.
 */
export function proxy(request: NextRequest) {
  const https = isHttpsRequest(request.headers, request.url);
  // NODE_ENV is Next's own switch between dev and production builds, not Lantern configuration (lib/env.ts).
  const csp = pageContentSecurityPolicy({ nonce: createNonce(), dev: process.env.NODE_ENV === 'development', https });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', csp);
  // The page asked for, so a signed-out visit can be sent to sign-in and back (set here, so a client cannot supply it).
  const asked = new URL(request.nextUrl);
  asked.searchParams.delete('_rsc');
  requestHeaders.set(RETURN_PATH_HEADER, asked.pathname + asked.search);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', csp);
  if (https) response.headers.set('strict-transport-security', STRICT_TRANSPORT_SECURITY);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: not API routes, not hashed static assets, not the site icon (app/icon.svg, an image with no
      // script to nonce); prefetches carry no HTML to protect.
      source: '/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
