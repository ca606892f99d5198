/**
 * `x-<words>-token`: vendors name their own token header after themselves (OpenStack Swift's `x-storage-token`,
 * Rundeck's `x-rundeck-auth-token`, FOLIO's `x-okapi-token`, CircleCI's `x-circle-token`), more of them than any list
 * keeps up with; until 7 Dec those not listed by name (auth-evidence.ts VENDOR_KEY_HEADERS) were `none`, an
 * unauthenticated 2xx. The same shape carries tokens that say nothing about the caller, told apart by a word of the
 * name: anti-forgery ones (`x-csrf-token`, `x-xsrf-token`, Jira's `x-atlassian-token: no-check`, ASP.NET's
 * request verification), captcha answers (new on every request: each would be a new caller), paging and sync
 * cursors, tracing ids, push-notification addresses, Keystone's `x-subject-token` (the token a service asks about,
 * sent beside its own `x-auth-token`), idempotency tokens.
 */
const VENDOR_TOKEN_HEADER = /^x-((?:[a-z0-9]+-)+)(?:auth-)?token$/;

const NOT_A_CALLER_WORD: ReadonlySet<string> = new Set([
  'csrf', 'xsrf', 'xcsrf', 'anti', 'forgery', 'antiforgery', 'verification', 'form', 'atlassian', 'nonce', 'state', 'challenge',
  'captcha', 'recaptcha', 'hcaptcha', 'turnstile',
  'page', 'next', 'pagination', 'continuation', 'cursor', 'sync', 'resume', 'cache',
  'trace', 'tracing', 'correlation', 'tracking', 'request', 'idempotency', 'idempotence', 'cancel', 'cancellation',
  'push', 'fcm', 'apns', 'notification', 'subject',
]);

/** A switch sent under a token's name (`X-Atlassian-Token: no-check`, SAP's `X-CSRF-Token: Fetch`), on any vendor's. */
const FLAG_VALUE = /^(no-?check|fetch|required|true|false|yes|no|on|off|none|[01])$/i;

/** Whether this lower-cased header, not otherwise known, carries a vendor's credential with this value. */
export function isVendorTokenHeader(name: string, value: string): boolean {
  const words = VENDOR_TOKEN_HEADER.exec(name)?.[1];
  if (words === undefined || FLAG_VALUE.test(value.trim())) return false;
  return !words.slice(0, -1).split('-').some((word) => NOT_A_CALLER_WORD.has(word));
}
