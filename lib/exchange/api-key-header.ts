/**
 * Which request headers carry an API key (auth-evidence.ts reads them as `api-key:<header>`), decided here alone: until
 * 7 Dec the names below and the `x-<words>-token` rule were asked one after the other, so `X-Auth-Token: no-check` or a
 * listed vendor's token sent as a flag was a credential while `X-Acme-Token: no-check` was none, and a word that says a
 * token names no caller (`csrf`) held only for names no list took.
 */

/**
 * `x-<words>-token`: vendors name their own token header after themselves (OpenStack Swift's `x-storage-token`,
 * Rundeck's `x-rundeck-auth-token`, FOLIO's `x-okapi-token`, CircleCI's `x-circle-token`; AWS's `x-amz-security-token`,
 * GitLab's, Vault's, Consul's, Nomad's, Figma's, Riot's, Postmark's, Plex's and Emby's; Telegram's webhook
 * `x-telegram-bot-api-secret-token`; and the generic `x-auth-token`, `x-api-token`, `x-session-token`, `x-user-token`),
 * more of them than any list keeps up with; until 7 Dec those not listed by name were `none`, an unauthenticated 2xx.
 * The same shape carries tokens that say nothing about the caller, told apart by a word of the name: anti-forgery ones
 * (`x-csrf-token`, `x-xsrf-token`, Jira's `x-atlassian-token: no-check`, ASP.NET's request verification), captcha
 * answers (new on every request: each would be a new caller), paging and sync cursors, tracing ids, push-notification
 * addresses (a device's, which anyone may be sent to: no caller's credential), Keystone's `x-subject-token` (the token
 * a service asks about, sent beside its own `x-auth-token`), idempotency tokens.
 */
const TOKEN_HEADER = /^x-((?:[a-z0-9]+-)+)(?:auth-)?token$/;

const NOT_A_CALLER_WORD: ReadonlySet<string> = new Set([
  'csrf', 'xsrf', 'xcsrf', 'anti', 'forgery', 'antiforgery', 'verification', 'form', 'atlassian', 'nonce', 'state', 'challenge',
  'captcha', 'recaptcha', 'hcaptcha', 'turnstile',
  'page', 'next', 'pagination', 'continuation', 'cursor', 'sync', 'resume', 'cache',
  'trace', 'tracing', 'correlation', 'tracking', 'request', 'idempotency', 'idempotence', 'cancel', 'cancellation',
  'push', 'fcm', 'apns', 'notification', 'subject',
]);

/** A switch sent under a token's name (`X-Atlassian-Token: no-check`, SAP's `X-CSRF-Token: Fetch`), on any vendor's. */
const FLAG_VALUE = /^(no-?check|fetch|required|true|false|yes|no|on|off|none|[01])$/i;

/**
 * Every other name that carries an API key in the wild: generic `x-api-key`/`apikey` (AWS API Gateway, Kong, Apigee,
 * Supabase), `api-key` (Azure OpenAI/Search), `x-<vendor>-api-key` (Google `x-goog-api-key`, Algolia, and vendors of
 * more than one word: `x-parse-rest-api-key`, `x-cisco-meraki-api-key`), `x-auth-key` (Cloudflare) and a bare
 * `x-auth`, a token without a vendor's name (`x-token`, `auth-token`, `access_token`), Hasura's
 * `x-hasura-admin-secret`; and since 6 Dec an access or master key (Bunny's `AccessKey`, JSONBin's `X-Access-Key` and
 * `X-Master-Key`, Parse's `X-Parse-Master-Key`); and since 7 Dec a secret or secret key of its own (`X-Secret`,
 * `X-Secret-Key`, `X-Acme-Secret-Key`: until then `none`). Besides `-token` (TOKEN_HEADER), only names ending in
 * api-key, master-key, secret or secret-key take a vendor prefix: `idempotency-key`, `x-request-id` are no credentials.
 * Access and session tokens under a vendor's name (`x-shopify-access-token`, Parse's `x-parse-session-token`) are
 * TOKEN_HEADER's (and forwarded-credentials.ts reads the first as a proxy's too).
 */
const API_KEY_HEADER = /^(x-)?(api[-_]?key|apikey|auth([-_]?(token|key))?|access[-_]?token|access[-_]?key|master[-_]?key|token|api[-_]?token|api[-_]?secret|private[-_]?token|client[-_]?secret|session[-_]?token|user[-_]?token|secret([-_]?key)?)$|^x-([a-z0-9]+-)+(api[-_]?key|access_?token|session_?token|master[-_]?key|secret([-_]?key)?)$/;

/**
 * Keys under their vendor's own name that no rule above reads: Azure APIM and Functions, RapidAPI, Datadog, Pivotal
 * Tracker, Honeycomb (`x-honeycomb-team` is its API key), JFrog Artifactory, Metabase's session. Not
 * `x-emby-authorization` (Jellyfin's clients send it before sign-in too, naming only themselves) nor Docker's
 * `x-registry-auth` (`e30=`, an empty `{}`, on every anonymous pull).
 */
const VENDOR_KEY_HEADERS: ReadonlySet<string> = new Set([
  'ocp-apim-subscription-key', 'x-functions-key', 'x-rapidapi-key', 'dd-api-key', 'dd-application-key', 'x-trackertoken', 'x-honeycomb-team',
  'x-jfrog-art-api', 'x-metabase-session',
]);

/** Whether this lower-cased header carries an API key with this value. */
export function isApiKeyHeader(name: string, value: string): boolean {
  const words = TOKEN_HEADER.exec(name)?.[1];
  if (words !== undefined) return !FLAG_VALUE.test(value.trim()) && !words.slice(0, -1).split('-').some((word) => NOT_A_CALLER_WORD.has(word));
  return API_KEY_HEADER.test(name) || VENDOR_KEY_HEADERS.has(name);
}
