/**
 * Credentials an identity-aware proxy or gateway hands the service behind it under its own header name. The proxy
 * authenticated the caller, so a request with only these is authenticated: read as no credential, it counted as
 * unauthenticated and raised "sensitive, unauthenticated" alerts on services that sit behind IAP or an ALB.
 * - Google IAP `x-goog-iap-jwt-assertion`, Cloudflare Access `cf-access-jwt-assertion`, Pomerium
 *   `x-pomerium-jwt-assertion`, WSO2 `x-jwt-assertion`: a signed JWT about the user;
 * - AWS ALB `x-amzn-oidc-data` (a JWT) and `x-amzn-oidc-accesstoken`;
 * - oauth2-proxy `x-auth-request-access-token`, `x-forwarded-access-token`; Azure App Service
 *   `x-ms-token-aad-access-token` / `-id-token`; Vouch `x-vouch-idp-accesstoken`; `x-id-token`;
 * - Cloudflare Access service tokens (`cf-access-client-secret`).
 * (`x-amzn-oidc-identity`, `x-goog-authenticated-user-email` name the user, not a credential: left out, personal data.)
 */
const FORWARDED_TOKEN_HEADER = /^(x-([a-z0-9]+-)*)?(jwt-assertion|id-?token|access-?token|refresh-?token|oidc-data)$|^cf-access-(jwt-assertion|client-secret)$/;

/**
 * The client certificate a TLS-terminating proxy verified (mutual TLS) and passes on: the caller authenticated with
 * it, and it is the same for every request of one client. Envoy and Istio's `x-forwarded-client-cert` (XFCC, on every
 * request inside a mesh with mTLS), RFC 9440 `client-cert`, nginx's customary `x-ssl-client-cert`/`x-ssl-cert`/
 * `x-client-cert`, Azure App Service `x-arr-clientcert`, AWS ALB `x-amzn-mtls-clientcert(-leaf)`.
 */
const CLIENT_CERT_HEADERS: ReadonlySet<string> = new Set([
  'x-forwarded-client-cert', 'client-cert', 'x-client-cert', 'x-client-certificate', 'x-ssl-client-cert', 'ssl-client-cert', 'x-ssl-cert',
  'x-arr-clientcert', 'x-amzn-mtls-clientcert', 'x-amzn-mtls-clientcert-leaf',
]);

/** Assertions a proxy signs afresh every few minutes (IAP, ALB, Cloudflare Access, Pomerium): their user is the caller. */
export function isProxyAssertionHeader(name: string): boolean {
  return name.endsWith('jwt-assertion') || name === 'x-amzn-oidc-data';
}

/** Whether a header of this name carries a credential a proxy forwards (a token, or a verified client certificate). */
export function isForwardedTokenHeader(name: string): boolean {
  return FORWARDED_TOKEN_HEADER.test(name) || CLIENT_CERT_HEADERS.has(name);
}

/**
 * Headers where a gateway moves the caller's own `Authorization` when it replaces it with a credential of its own:
 * Google ESPv2 and API Gateway (`x-forwarded-authorization`), Cloud Run and Functions (`x-serverless-authorization`);
 * and `x-authorization`, where a client behind a proxy that consumes `Authorization` sends it (ThingsBoard's REST
 * API: `X-Authorization: Bearer <jwt>`; until 6 Dec `none`). They hold a whole `Authorization` value and are read as one.
 */
export const FORWARDED_AUTHORIZATION_HEADERS: ReadonlySet<string> = new Set(['x-forwarded-authorization', 'x-serverless-authorization', 'x-authorization']);

/** A subprotocol that announces the token sent as the next one (`['access_token', token]`). */
const TOKEN_MARKER = /^(access[-_]?token|bearer|authorization)$/i;

/** Kubernetes' WebSocket bearer token: `Sec-WebSocket-Protocol: base64url.bearer.authorization.k8s.io.<token>, …`. */
const K8S_BEARER_PROTOCOL = 'base64url.bearer.authorization.k8s.io.';

/**
 * The bearer token a browser-side WebSocket client sends as a subprotocol (it cannot set `Authorization`):
 * kubectl exec/attach/port-forward from web consoles, which the API server reads as `Authorization: Bearer <token>`;
 * and the common `new WebSocket(url, ['access_token', token])`: a JWT as a protocol of its own, or any token right
 * after an `access_token`, `bearer` or `authorization` protocol (until 6 Dec an opaque one there was `none`).
 */
export function webSocketBearerToken(value: string): string | undefined {
  const protocols = value.split(',');
  for (const [i, protocol] of protocols.entries()) {
    const p = protocol.trim();
    if (/^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(p)) return p;
    const next = protocols[i + 1]?.trim();
    if (TOKEN_MARKER.test(p) && next && /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(next)) return next;
    if (!p.startsWith(K8S_BEARER_PROTOCOL)) continue;
    const encoded = p.slice(K8S_BEARER_PROTOCOL.length);
    if (!/^[A-Za-z0-9_-]+={0,2}$/.test(encoded)) return undefined;
    const token = Buffer.from(encoded, 'base64url').toString('utf8').trim();
    return token.length > 0 ? token : undefined;
  }
  return undefined;
}
