import { fingerprintCredential, type AuthEvidence } from '../../lib/exchange';
import { first, str, type JsonObject } from './json-record';

/**
 * Who API Gateway let in, when the access log names it: the credential itself is never logged, but the identity its
 * authorizer resolved says the call was authenticated, and by which scheme. Each is `{kind, fingerprint}` of the
 * identity, keyed as every fingerprint is; the value goes no further. Until 6 Dec these fields were ignored and such a
 * call had no auth evidence at all, as an unauthenticated one.
 * - IAM (SigV4, `Authorization: AWS4-HMAC-SHA256 Credential=<key>/…`): `$context.identity.accessKey` is fingerprinted
 *   as that header is (`api-key:authorization`, by its key ID: the same caller as a capture of it), else the principal
 *   (`$context.identity.user`/`caller`/`userArn`, which API Gateway fills for IAM authorization only: the console's
 *   default REST format logs `user` and `caller`, `-` without IAM).
 * - A Cognito user pool authorizer (REST, `$context.authorizer.claims.sub`) or a JWT authorizer (HTTP API,
 *   `$context.authorizer.jwt.claims.sub`): a bearer JWT, by its subject as a forwarded JWT assertion is
 *   (`jwt-subject <sub>`). Its claims are not taken: a log holding some of them (no `scope`) is no token.
 * - A Lambda authorizer's `$context.authorizer.principalId`: its credential is whatever the function read, its scheme
 *   unknown; a TOKEN authorizer's default identity source is the `Authorization` header, so `api-key:authorization`
 *   (a credential in that header, as Lantern names one that is no bearer token), by the principal. `bearer-opaque`
 *   would claim a scheme the log does not show (an exported spec would declare HTTP bearer).
 * A capture of the same call fingerprints the whole credential, so but for the access key the fingerprints differ, as a
 * CLF remote user's `basic` does.
 */
export function authorizerEvidence(r: JsonObject, key: string | Uint8Array): AuthEvidence[] {
  const found: AuthEvidence[] = [];
  const accessKey = identity(r, 'accessKey', 'identity.accessKey');
  const principal = identity(r, 'user', 'identity.user', 'caller', 'identity.caller', 'userArn', 'identity.userArn');
  if (accessKey) found.push({ kind: 'api-key:authorization', fingerprint: fingerprintCredential(`aws4-hmac-sha256 key:${accessKey}`, key) });
  else if (principal) found.push({ kind: 'api-key:authorization', fingerprint: fingerprintCredential(`aws4-hmac-sha256 principal:${principal}`, key) });
  const subject = identity(r, 'authorizer.claims.sub', 'claims.sub', 'authorizer.jwt.claims.sub', 'jwt.claims.sub');
  if (subject) found.push({ kind: 'bearer-jwt', fingerprint: fingerprintCredential(`jwt-subject ${subject}`, key) });
  const lambda = identity(r, 'principalId', 'authorizer.principalId', 'authorizerPrincipalId');
  if (lambda) found.push({ kind: 'api-key:authorization', fingerprint: fingerprintCredential(`authorizer-principal ${lambda}`, key) });
  return found;
}

/** A logged identity: API Gateway writes `-` for a variable with no value, and some formats write `null`. */
function identity(r: JsonObject, ...paths: string[]): string | undefined {
  const v = str(first(r, ...paths));
  return v !== undefined && v !== 'null' && v.length <= 2048 ? v : undefined;
}
