export * from './exchange';
export { collectAuthEvidence, type CredentialSources } from './auth-evidence';
export { fingerprintCredential } from './fingerprint';
export { readJwtClaims } from './jwt-claims';
export { decodeQueryComponent, forEachQueryPart, queryParamNames, recordedQueryName, splitRequestTarget } from './query-names';
export { urlCredentials, withUrlQuery, type UrlCredentials } from './url-credentials';
