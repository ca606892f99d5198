/**
 * The part of a signed `Authorization` header that names the caller. Signature schemes put a fresh signature (and
 * a date, a nonce) in every request, so a fingerprint of the whole header was a new "caller" per request:
 * - AWS SigV4 `AWS4-HMAC-SHA256 Credential=AKIA…/20240105/us-east-1/s3/aws4_request, …, Signature=…`, and the
 *   schemes modelled on it (`HMAC-SHA256 Credential=…&SignedHeaders=…&Signature=…`): the key ID before the first `/`;
 * - HTTP Signatures (`Signature keyId="…", signature="…"`): the key ID;
 * - Digest (`username="alice", realm="api", nonce=…, response=…`): user and realm.
 * Undefined when the header has none of these: then the whole credential is the caller's identity.
 */
const AUTH_PARAM = /(?:^|[\s,&])(credential|keyid|username|realm)\s*=\s*(?:"([^"]{0,512})"|([^\s,&"]{0,512}))/gi;

export function signedCallerIdentity(credential: string): string | undefined {
  if (!credential.includes('=')) return undefined;
  const params = new Map<string, string>();
  for (const m of credential.matchAll(AUTH_PARAM)) {
    const name = m[1].toLowerCase();
    if (!params.has(name)) params.set(name, m[2] ?? m[3]);
  }
  const keyId = params.get('credential')?.split('/')[0] ?? params.get('keyid');
  if (keyId) return `key:${keyId}`;
  const user = params.get('username');
  return user !== undefined ? `user:${user}@${params.get('realm') ?? ''}` : undefined;
}
