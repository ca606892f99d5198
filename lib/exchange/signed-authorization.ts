/**
 * The part of a signed `Authorization` header that names the caller. Signature schemes put a fresh signature (and
 * a date, a nonce) in every request, so a fingerprint of the whole header was a new "caller" per request:
 * - AWS SigV4 `AWS4-HMAC-SHA256 Credential=AKIA…/20240105/us-east-1/s3/aws4_request, …, Signature=…`, and the
 *   schemes modelled on it (`HMAC-SHA256 Credential=…&SignedHeaders=…&Signature=…`): the key ID before the first `/`;
 * - HTTP Signatures (`Signature keyId="…", signature="…"`; RFC 9421's `Signature-Input: sig1=(…);keyid="…"`): the key ID;
 * - OAuth 1.0a (`OAuth oauth_consumer_key="…", oauth_token="…", oauth_nonce=…, oauth_signature=…`: X/Twitter,
 *   Trello, Jira/Bitbucket Server): consumer key and token;
 * - Akamai EdgeGrid (`EG1-HMAC-SHA256 client_token=…;access_token=…;timestamp=…;nonce=…;signature=…`): its tokens;
 * - Hawk (`Hawk id="…", ts=…, nonce=…, mac=…`): the key ID;
 * - Digest (`username="alice", realm="api", nonce=…, response=…`): user and realm;
 * - Sentry (`Sentry sentry_key=…, sentry_timestamp=…`, also in `X-Sentry-Auth`): its key.
 * Undefined when the header has none of these: then the whole credential is the caller's identity.
 */
const AUTH_PARAM = /(?:^|[\s,&;])(credential|keyid|sentry_key|oauth_consumer_key|oauth_token|client_token|access_token|id|username|realm)\s*=\s*(?:"([^"]{0,512})"|([^\s,&;"]{0,512}))/gi;

export function signedCallerIdentity(credential: string): string | undefined {
  if (!credential.includes('=')) return undefined;
  const params = new Map<string, string>();
  for (const m of credential.matchAll(AUTH_PARAM)) {
    const name = m[1].toLowerCase();
    if (!params.has(name)) params.set(name, m[2] ?? m[3]);
  }
  const keyId = params.get('credential')?.split('/')[0] ?? params.get('keyid') ?? params.get('sentry_key');
  if (keyId) return `key:${keyId}`;
  const consumer = params.get('oauth_consumer_key');
  if (consumer) return `oauth1:${consumer}/${params.get('oauth_token') ?? ''}`;
  const client = params.get('client_token');
  if (client) return `edgegrid:${client}/${params.get('access_token') ?? ''}`;
  if (params.get('id')) return `key:${params.get('id')}`;
  const user = params.get('username');
  return user !== undefined ? `user:${user}@${params.get('realm') ?? ''}` : undefined;
}

/**
 * Schemes that send `<key ID>:<base64 HMAC>`: AWS Signature V2 (`AWS AKIA…:…`, S3's legacy scheme that older SDKs and
 * S3-compatible stores still send), Cloud Storage's interoperable `GOOG1`, Azure Storage `SharedKey`/`SharedKeyLite`
 * (the account name), Alibaba Cloud `acs` and OSS. The HMAC is fresh per request (it signs the date); the key ID is
 * the caller.
 */
const KEY_COLON_SIGNATURE_SCHEMES: ReadonlySet<string> = new Set(['aws', 'goog1', 'sharedkey', 'sharedkeylite', 'acs', 'oss']);

export function keyColonSignatureIdentity(scheme: string, credential: string): string | undefined {
  if (!KEY_COLON_SIGNATURE_SCHEMES.has(scheme)) return undefined;
  const m = /^([A-Za-z0-9_.-]{3,128}):[A-Za-z0-9+/]+={0,2}$/.exec(credential);
  return m ? `key:${m[1]}` : undefined;
}

/**
 * A signed URL's caller: the key that signed it, not its signature, which is new for every URL. A presigned AWS URL
 * is fingerprinted as its `Authorization` form is (`<scheme> key:<access key ID>`), so a presigned request and a
 * header-signed one by the same key are one caller: SigV4 `X-Amz-Credential=AKIA…/date/…` (with `X-Amz-Signature`),
 * SigV2 `AWSAccessKeyId=AKIA…` (with `Signature`). Google Cloud Storage V4 `X-Goog-Credential=<HMAC key or service
 * account>/date/…` (with `X-Goog-Signature`) and V2 `GoogleAccessId=<service account>` (with `Signature`), CloudFront `Key-Pair-Id` (with `Signature`), OAuth 1.0a's consumer
 * and token (with `oauth_signature`), an Azure SAS (`sv` with `sig`: azureSasIdentity). Undefined when the query
 * names no signing key.
 */
const SIGNING_KEY_PARAMS: Record<string, { param: string; scheme: string; path: boolean }> = {
  'x-amz-credential': { param: 'x-amz-signature', scheme: 'aws4-hmac-sha256', path: true },
  awsaccesskeyid: { param: 'signature', scheme: 'aws', path: false },
  'x-goog-credential': { param: 'x-goog-signature', scheme: 'goog4', path: true },
  'key-pair-id': { param: 'signature', scheme: 'cloudfront', path: false },
  // Cloud Storage's V2 signed URL: the service account that signed it (until 6 Dec a caller per URL).
  googleaccessid: { param: 'signature', scheme: 'goog', path: false },
};

export function presignedCallerIdentity(query: ReadonlyArray<readonly [string, string]>): { param: string; identity: string } | undefined {
  const sas = azureSasIdentity(query);
  if (sas) return { param: 'sig', identity: sas };
  for (const [name, value] of query) {
    const lower = name.toLowerCase();
    // OAuth 1.0a in the query (RFC 5849 §3.5.3): the caller its `Authorization: OAuth …` form is (signedCallerIdentity).
    if (lower === 'oauth_consumer_key' && /^[!-~]{1,512}$/.test(value)) {
      const token = query.find(([n]) => n.toLowerCase() === 'oauth_token')?.[1] ?? '';
      return { param: 'oauth_signature', identity: `oauth oauth1:${value}/${token}` };
    }
    // The browser SDK's Sentry key (`?sentry_key=…&sentry_version=7`): the caller its header form is.
    if (lower === 'sentry_key' && /^[!-~]{1,128}$/.test(value)) return { param: 'sentry_key', identity: `sentry key:${value}` };
    const signing = Object.hasOwn(SIGNING_KEY_PARAMS, lower) ? SIGNING_KEY_PARAMS[lower] : undefined;
    const keyId = signing ? (signing.path ? value.split('/')[0] : value) : '';
    if (signing && /^[!-~]{4,256}$/.test(keyId)) return { param: signing.param, identity: `${signing.scheme} key:${keyId}` };
  }
  return undefined;
}

/**
 * An Azure Storage SAS names no key: an account or service SAS is signed with the storage account's key (one caller
 * per account, and the host is the account), a user delegation SAS for the Entra ID principal in `skoid`, and a
 * service SAS may name its stored access policy in `si`. Until 6 Dec each URL's `sig` was a caller of its own.
 */
function azureSasIdentity(query: ReadonlyArray<readonly [string, string]>): string | undefined {
  let version = false;
  let sig = false;
  let skoid: string | undefined;
  let si: string | undefined;
  for (const [name, value] of query) {
    if (name === 'sv') version = /^\d{4}-\d{2}-\d{2}$/.test(value);
    else if (name === 'sig') sig = true;
    else if (name === 'skoid') skoid = value;
    else if (name === 'si') si = value;
  }
  if (!version || !sig) return undefined;
  if (skoid && /^[!-~]{1,128}$/.test(skoid)) return `azure-sas skoid:${skoid}`;
  if (si && /^[!-~]{1,128}$/.test(si)) return `azure-sas si:${si}`;
  return 'azure-sas account-key';
}

/**
 * Webhook and message signature headers: a name ending in `signature`, maybe with a version or algorithm after it
 * (GitHub `x-hub-signature-256`, Stripe, Slack, Twilio, Standard Webhooks/Svix `webhook-signature`, `svix-signature`,
 * LINE, Zoom `x-zm-signature`, Razorpay, PagerDuty, HubSpot `x-hubspot-signature-v3`, Discord `x-signature-ed25519`,
 * Square `x-square-hmacsha256-signature`, RFC 9421 `signature` and `signature-input`) or in an HMAC (Shopify
 * `x-shopify-hmac-sha256`), and PayPal's `paypal-transmission-sig`. A timestamp or version sent beside one
 * (`x-signature-timestamp`) is not one.
 */
const SIGNATURE_HEADER = /^(x-)?([a-z0-9]+-)*(signature|hmac)(-[a-z0-9]+)?$/;
const SIGNATURE_COMPANION = /-(timestamp|version|nonce|algorithm|alg|method|type)$/;

export function isSignatureHeader(name: string): boolean {
  return name === 'paypal-transmission-sig' || (SIGNATURE_HEADER.test(name) && !SIGNATURE_COMPANION.test(name));
}
