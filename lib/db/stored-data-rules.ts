import { webhookTargets } from '../alerts/webhook-sink';
import { env } from '../env';
import { loadFingerprintKey } from '../fingerprint-key';
import { db } from './client';
import { reclassifyImpliedMethods, reclassifyShadowsWithoutApi, type EndpointChange } from './reclassify';
import { rekeyStoredAlertSinks } from './stored-alert-sinks';
import { reclassifySlashTwins } from './stored-slash-twins';
import { redactStoredAuditPaths } from './stored-audit-paths';
import { STORED_DATA_PASSES } from './stored-data-state';
import { rewordStoredOverrideAudits } from './stored-override-audits';
import { rehostCredentialHosts } from './stored-hosts';
import { removeCredentialOverrides } from './stored-overrides';
import { removeCredentialOwnershipRules } from './stored-ownership-rules';
import { redactStoredAuthKinds } from './stored-auth-kinds';
import { redactStoredQueryNames } from './stored-query-names';
import { rereadStoredOperations } from './stored-operations';
import { rereadStoredOperationSecurity } from './stored-operation-security';
import { backfillStoredLatencyP95 } from './stored-latency-p95';
import { backfillStoredUnlisted } from './stored-unlisted';
import { refindSunsetFindings } from './stored-sunset-findings';
import { retemplateStoredEndpoints, type RetemplateResult } from './stored-templates';

/**
 * A rule that changes what is stored reaches only data ingested after it; `lantern serve` brings rows an older
 * release stored under today's rules with the passes below. Each reads every endpoint (templates, example paths,
 * evidence), so they run only while the database is behind: the version they last completed is recorded.
 *
 * Bump STORED_DATA_RULES whenever such a rule changes — templating (lib/discovery/segment-types.ts, typed-segment.ts,
 * lib/openapi/request-path.ts), redaction of example paths or query names (lib/security/redact-path.ts,
 * lib/inventory/recorded-query-params.ts), the classification of rows nothing else touches — and make a pass below
 * apply it to stored rows. Unbumped, a database already at this version never sees the new rule. What collectors of
 * an older release push keeps coming after the pass: ingest gives it today's templates and redaction itself
 * (lib/db/ingest.ts, lib/db/template-rules.ts), so a templating rule needs no pass of its own there.
 *   1 — 5 Dec: HEAD/OPTIONS classification, tokens as query names, templates and example paths.
 *   2 — 6 Dec: a Telegram bot token (`/bot123456789:AAH…/getMe`) is a credential, in templates, example paths and
 *       query names (lib/security/secret-shape.ts).
 *   3 — 6 Dec: a shadow method on a spec path with a trailing slash (`/api/users/{id}/`) keeps the slash
 *       (lib/openapi/matcher.ts shadowTemplateSpelling, applied to stored rows by lib/db/template-rules.ts).
 *   4 — 6 Dec: a one-time code or an e-mail address sent as a bare query part (`?482913`, `?jane@example.com`) is a
 *       value, recorded as the query name `{redacted}` (lib/exchange/query-names.ts; the query-name pass applies it).
 *   5 — 6 Dec: eight digits are a date only when they spell one (lib/discovery/segment-types.ts): a `{date}` an
 *       older release stored for order numbers (`/orders/{date}`) is named as today (`/orders/{orderId}`), decided
 *       by the row's example paths (lib/discovery/stored-template.ts).
 *   6 — 6 Dec: a registry content digest (`/v2/library/ubuntu/blobs/sha256:e3b0…`) is a hash parameter, not a literal
 *       (lib/discovery/segment-types.ts; stored rows by the templates pass).
 *   7 — 6 Dec: an IP address (`/8.8.8.8/json`, `/check/2001:db8::1`) is an `{ip}` parameter, not a literal
 *       (lib/discovery/ip-address.ts; stored rows by the templates pass).
 *   8 — 6 Dec: a framework's route syntax (`/users/<int:user_id>`, `{id:int}`, `[slug]`) from a trace's `http.route`
 *       is a parameter (lib/discovery/route-syntax.ts; stored rows by the templates pass).
 *   9 — 6 Dec: an alert names the webhooks that took it by a keyed fingerprint, not a plain SHA-256 of the URL
 *       (lib/alerts/webhook-sink.ts; stored alerts by lib/db/stored-alert-sinks.ts).
 *  10 — 6 Dec: `private_token`, `api_token`, `id_token`, `x-api-key`, `subscription-key`, `access_key` and `jwt` are
 *       credential parameter names (lib/exchange/auth-evidence.ts), so a segment of only such matrix parameters
 *       (`/v1/;private_token=…`) is dropped from templates like `;api_key=…` (lib/openapi/request-path.ts; stored rows
 *       by the templates pass).
 *  11 — 6 Dec: a template or example path is stored without a query or fragment another tool's batch (or an older
 *       collector's) left on it, `?api_key=…` values included (lib/inventory/observation.ts at ingest; stored rows
 *       by the templates pass: lib/discovery/stored-template.ts, lib/security/redact-path.ts).
 *  12 — 6 Dec: a cookie name shaped like a credential is `{redacted}` in its auth kind (`cookie:session,{redacted}`,
 *       `cookie:.AspNetCore.Correlation.oidc.{redacted}`: lib/exchange/session-cookie-names.ts; stored rows by
 *       lib/db/stored-auth-kinds.ts).
 *  13 — 6 Dec: a template or example path another tool's batch sent as an absolute URL is stored as its path, its
 *       `user:password@` and host dropped (lib/exchange/http-rules.ts storedPathOf; stored rows by the templates pass).
 *  14 — 6 Dec: ASP.NET Core's optional route parameter (`/items/{id?}`, `{lot:int?}`) is the parameter `id`, as
 *       `{id:int}` is (lib/discovery/route-syntax.ts; stored rows by the templates pass).
 *  15 — 6 Dec: a one-time link's token after a segment naming the link by any of its words (`verify-email/<hex>`,
 *       `activate-account/…`, Teams' `IncomingWebhook/…`), or one segment later (Django's `reset/<uidb64>/<token>`),
 *       or after `sessions`, is `{redacted}` in example paths, and a parameter in templates
 *       (lib/security/redact-path.ts namesSecret, namesLink; stored rows by the templates pass).
 *  16 — 6 Dec: WooCommerce's `consumer_key`/`consumer_secret` and OAuth 1.0a's `oauth_signature` are credential
 *       parameter names (lib/exchange/auth-evidence.ts), so a segment of only such matrix parameters is dropped from
 *       templates as `;api_key=…` is (stored rows by the templates pass).
 *  17 — 6 Dec: a host-less row (`unknown-host`) is documented by the one operation its path has under any spec's
 *       servers, whatever their host (lib/db/endpoint-classification.ts matchStored; stored rows by
 *       reclassifyShadowsWithoutApi).
 *  18 — 6 Dec: an operation's sunset is today's reading of its stored spec, not the date guessed from any text with a
 *       number (`see ticket API-123` the year 123) or a zone-less date-time read in the server's zone when it was
 *       registered (lib/openapi/spec-extensions.ts; stored rows by lib/db/stored-sunsets.ts).
 *  19 — 6 Dec: a spec server's `:80` or `:443` is dropped whatever its scheme (Swagger 2.0's `host: x:443` without
 *       `schemes`: lib/openapi/servers.ts splitServerUrl), so its host's shadows, left without an API, are matched
 *       again (stored rows by reclassifyShadowsWithoutApi).
 *  20 — 6 Dec: `x-status`/`x-lifecycle: deprecated` on an operation, its path item or `info` deprecates it
 *       (lib/openapi/spec-extensions.ts isDeprecatedLifecycle; stored rows by lib/db/stored-operations.ts).
 *  21 — 6 Dec: a capability link's token, hex included, after `download`, `share` or an OAuth `callback`
 *       (`/download/<40 hex>`), and Zapier's hook key (`/hooks/catch/<id>/<key>/`, `hooks/standard/…`) are `{redacted}` in example
 *       paths, and the key a parameter in templates (lib/security/redact-path.ts capabilityToken, zapierHookKey;
 *       stored rows by the templates pass).
 *  22 — 6 Dec: ASP.NET's cookieless session or forms ticket as a path segment (`/(S(<id>))/orders.aspx`) is
 *       `{redacted}` in example paths and a parameter in templates (lib/security/redact-path.ts; collectors take it
 *       out of the path as cookie evidence: lib/exchange/url-credentials.ts; stored rows by the templates pass).
 *  23 — 6 Dec: a one-time code (4 to 8 digits) after a segment with the word `otp`, `totp`, `mfa`, `2fa` or
 *       `passcode` (`/auth/otp/482913`) is `{redacted}` in example paths (lib/security/redact-path.ts oneTimeCode; stored rows by
 *       the templates pass).
 *  24 — 6 Dec: Sentry's `sentry_key` is a credential parameter name (lib/exchange/auth-evidence.ts), so a segment of
 *       only such matrix parameters is dropped from templates as `;api_key=…` is (stored rows by the templates pass).
 *  25 — 6 Dec: the capability tokens of rule 21 also after `dl`, `signed`, `presigned` and a one-time action's verb
 *       (`accept`, `join`, `claim`, `redeem`, `approve`, `login`), and any token-like segment after `apikeys`
 *       (lib/security/redact-path.ts; stored rows by the templates pass).
 *  26 — 6 Dec: `authorization` (Backblaze B2's download links) and `x-plex-token` are credential parameter names
 *       (lib/exchange/auth-evidence.ts), so a segment of only such matrix parameters is dropped from templates as
 *       `;api_key=…` is (stored rows by the templates pass).
 *  27 — 6 Dec: a server variable's default is matched when its enum lacks it (`https://{env}.pay.test`, default
 *       `api`, enum `sandbox`, `staging`: lib/openapi/servers.ts), so that host's shadows, left without an API, are
 *       matched again (stored rows by reclassifyShadowsWithoutApi).
 *  28 — 6 Dec: an `api-key:<name>` auth kind whose name is shaped like a credential (a batch another tool wrote:
 *       `api-key:sk_live_…`) is `api-key:{redacted}` (lib/inventory/recorded-auth-kinds.ts; stored rows by
 *       redactStoredAuthKinds).
 *  29 — 6 Dec: a UUID after a capability link's word (`/share/<uuid>`), and a public link's token (Grafana's
 *       `/public-dashboards/<hex>`, `/api/public/dashboards/<hex>`, Metabase's `/public/dashboard/<uuid>`), are
 *       `{redacted}` in example paths (lib/security/redact-path.ts capabilityToken; stored rows by the templates pass).
 *  30 — 6 Dec: a digit or a bare dotted number right after `api` or `rest` (Jira's `/rest/api/3/…`, Sentry's `/api/0/…`)
 *       is the API's version, a literal, not an integer parameter (lib/discovery/segment-types.ts isVersionAfterApi;
 *       stored rows by the templates pass, when every example path of the row has the same version there:
 *       lib/discovery/stored-template.ts).
 *  31 — 6 Dec: the capability tokens of rules 21, 25 and 29 with a format's extension (Metabase's
 *       `/public/question/<uuid>.csv`, `/download/<hex>.zip`) are `{redacted}` in example paths too
 *       (lib/security/redact-path.ts capabilityToken; stored rows by the templates pass).
 *  32 — 6 Dec: a host that is a credential (a JWT HAProxy captured or lighttpd logged where the vhost goes: a label
 *       over DNS's 63 characters, a JWT's header, or a credential prefix) is no host: its rows are `unknown-host`'s, folded, their
 *       alerts relabelled (lib/security/secret-shape.ts isCredentialHost; stored rows by lib/db/stored-hosts.ts, the
 *       triages audited by lib/db/stored-audit-paths.ts; an older collector's batch at ingest:
 *       lib/inventory/observation.ts).
 *  33 — 6 Dec: an ownership rule whose path prefix carries a credential (a query, a `key=…` or token segment: refused
 *       since 6 Dec, lib/db/override-patterns.ts pathPrefixProblem) owns nothing and is removed, the credential in the
 *       audit events naming it `{redacted}` (lib/db/stored-ownership-rules.ts).
 *  34 — 6 Dec: an override whose pattern carries a credential (refused since 5 Dec: lib/db/override-patterns.ts
 *       patternSecretProblem) is removed before the templates pass, which kept the literal it named as the stored
 *       row's template, the credential in the audit events naming it `{redacted}` (lib/db/stored-overrides.ts).
 *  35 — 6 Dec: the paths audit events name (a triage's endpoint, a split override's removed rows) get the example
 *       paths' redaction: one an older release stored with a credential kept it there after the templates pass
 *       (lib/db/stored-audit-paths.ts).
 *  36 — 6 Dec: other personal data sent as a bare query part (a social security number `?123-45-6789`, a phone number
 *       `?%2B15551234567`) is a value, recorded as the query name `{redacted}` as rule 4's e-mail address is
 *       (lib/exchange/query-names.ts; the query-name pass applies it).
 *  37 — 6 Dec: an OData entity's key in parentheses (`/odata/Products(1)`, `Customers('ALFKI')`, `accounts(<uuid>)`) is a
 *       parameter after its entity set's name (`Products({productId})`), not part of a literal (lib/discovery/typed-segment.ts
 *       odataKey; stored rows by the templates pass).
 *  38 — 6 Dec: a locale with its region in capitals (`/en-US/…`, `/zh-Hant-TW/…`) is a `{locale}` parameter, first in a
 *       path too, not a literal (lib/discovery/segment-types.ts; stored rows by the templates pass).
 *  39 — 6 Dec: a value right after a namespace (`api`, `rest`, `v2`) is named as one with no collection before it
 *       (`/api/v2/{param}`), not after the namespace (`{v2Id}`, `{apiId}`; lib/discovery/param-names.ts; stored rows
 *       by the templates pass, so new traffic lands on the row it always did).
 *  40 — 6 Dec: an item is named after its collection's right singular (`/movies/{movieId}`, `/species/{speciesId}`,
 *       not `{movyId}`, `{specyId}`: lib/discovery/param-names.ts; stored rows by the templates pass, as rule 39).
 *  41 — 6 Dec: personal data that starts with a letter sent as a bare query part (an IBAN `?DE89370400440532013000`, a
 *       National Insurance number `?AB123456C`, a Spanish NIE) is a value, recorded as the query name `{redacted}`
 *       as rule 36's are (lib/exchange/query-names.ts mayBeValueName; the query-name pass applies it).
 *  42 — 6 Dec: a host whose last label is a token's (a SendGrid key `SG.<22>.<43>`, a Discord bot token HAProxy
 *       captured) is a credential, as rule 32's JWTs are (lib/security/secret-shape.ts isCredentialHost; stored rows
 *       by lib/db/stored-hosts.ts).
 *  43 — 6 Dec: an algorithm's, a protocol's or a character set's name or an API version after a secret's word
 *       (`/auth/oauth2/token`, `/keys/rsa4096`, `/webhooks/v2beta1/list`) is a literal, no `{redacted}` token
 *       (lib/security/well-known-names.ts, redact-path.ts, lib/discovery/typed-segment.ts). No pass can give a stored
 *       row its name back (its examples are `{redacted}` there): ingest counts today's literal on that row instead
 *       (lib/db/former-secret-rows.ts), so one endpoint does not become two.
 *  44 — 6 Dec: `x-deprecated: true` and OpenSearch's `x-version-deprecated` on an operation, its path item or `info`
 *       deprecate it (lib/openapi/spec-extensions.ts; stored rows by lib/db/stored-operations.ts).
 *  45 — 6 Dec: a number, date or version in parentheses (`/wiki/Heat(1995)`) is an OData key only in an OData path (a
 *       service root, `$` segment or other key) or of an entity set the host's spec keys, else part of a literal
 *       (lib/discovery/typed-segment.ts odataKey; stored rows by the templates pass, when every example path of the
 *       row has the same literal there: lib/discovery/stored-template.ts).
 *  46 — 6 Dec: a word ending in `s` that is no plural names its item whole (`/static/js/{jsId}`, `/ipfs/{ipfsId}`), and
 *       its plural by it (Twitter's `/statuses/{statusId}`), not `{jId}`, `{ipfId}`, `{statuseId}`
 *       (lib/discovery/param-names.ts; stored rows by the templates pass, as rule 40).
 *  47 — 6 Dec: a segment is judged decoded in example paths as in templates, so a token holding an escape
 *       (`CANARY%209xQ2…`, standard base64's `%2F`) is a parameter in templates, where it was kept as a literal, and a
 *       name with spaces (`My%20Document%20v2.pdf`) stays in example paths, where it was `{redacted}`
 *       (lib/security/redact-path.ts escapedToken; stored rows by the templates pass, the audit events naming such a
 *       template, its space and all, by lib/db/stored-audit-paths.ts).
 *  48 — 6 Dec: a query name holding an `=` the client escaped (`?token%3D<value>`, a query encoded twice) is the name
 *       before it, the value dropped (lib/exchange/query-names.ts recordedQueryName; the query-name pass applies it).
 *  49 — 6 Dec: a URL's `user:password@` inside the path (`/unsafe/http://admin:pw@10.0.0.5/cam.jpg`, an image or CORS
 *       proxy's) is `{redacted}` in example paths and a parameter in templates (lib/security/redact-path.ts
 *       embeddedUserinfo; stored rows by the templates pass).
 *  50 — 6 Dec: a `proxy:<scheme>` auth kind whose scheme is no scheme's shape (a token sent in `Proxy-Authorization`
 *       without one) is `proxy:unknown` (lib/exchange/proxy-scheme.ts; stored rows by redactStoredAuthKinds).
 *  51 — 6 Dec: a date written as path segments (`/archive/2024/01/15`) is `{year}/{month}/{day}`, not
 *       `{archiveId}/{param}/{param2}` (lib/discovery/date-parts.ts; stored rows by the templates pass, when every
 *       example path of the row has that date part there and the name is one templating gave).
 *  52 — 6 Dec: a value after an ID kept as a literal (Slack's `/services/T024BE7LD/B01ABCDE2FG/…`) is `{param}`, not
 *       named after the ID (`{b01ABCDE2FGId}`) (lib/discovery/param-names.ts; stored rows by the templates pass, as rule 40).
 *  53 — 6 Dec: a bare dotted number after `rest` and a plugin's name, more of the path after it (Jira's
 *       `/rest/agile/1.0/…`), is that API's version, a literal (lib/discovery/segment-types.ts isVersionAfterRestName;
 *       stored rows by the templates pass, when every example path has the same one there, as rule 30's).
 *  54 — 6 Dec: the item of a collection of IDs is named without a second `Id` (Stripe's `tax_ids/{taxId}`, not
 *       `{taxIdId}`) (lib/discovery/param-names.ts; stored rows by the templates pass, as rule 40).
 *  55 — 6 Dec: a shadow under an API's relative server (`/v1`) on a host its documented calls were stored on is that
 *       API's (lib/db/relative-served-hosts.ts; stored rows by reclassifyShadowsWithoutApi).
 *  56 — 7 Dec: a token holding an escaped `:`, `;` or `,` (`Kx7pQ2mZ%3Aa9Lm…`) is a parameter in templates and
 *       `{redacted}` in example paths, as one holding `%2F` is since rule 47; an ARN or a `urn:uuid:` stays
 *       (lib/security/secret-shape.ts looksRandomBetweenSeparators; stored rows by the templates pass, as rule 47's).
 *  57 — 7 Dec: an override's pattern and an ownership rule's prefix are judged percent-decoded, with the literals
 *       before each segment, as example paths are (lib/db/override-patterns.ts secretLiteral): one stored with a
 *       credential only that finds (Zapier's `/hooks/catch/<id>/<key>`) is removed by the passes of rules 33 and 34.
 *  58 — 7 Dec: a bare standard-base64 token sent as the query (`?q7Rm2xVb9KpL4sWd8ZtY+c3/NfJh==`: its `/`, its `+`
 *       form-decoded into a space) is the query name `{redacted}`, as a base64url one is (lib/exchange/query-names.ts
 *       isCredentialShaped; stored names by the query-name pass).
 *  59 — 7 Dec: a segment holding an escaped query (`/unsafe/…/https%3A%2F%2Fcdn%2Fa.jpg%3Fsig%3D…`) is a parameter in
 *       templates and `{redacted}` in example paths (lib/security/redact-path.ts embeddedQuery; stored rows by the
 *       templates pass, the audit events naming such a template by lib/db/stored-audit-paths.ts).
 *  60 — 7 Dec: a segment that is one `name=value` pair with its `=` escaped (`/v1/key%3D<key>/x`), which templating
 *       already made a parameter, is `key={redacted}` in example paths (lib/security/redact-path.ts redactPathSecrets;
 *       stored rows by the templates pass).
 *  61 — 7 Dec: a token of two parts around an escaped `|` (Laravel Sanctum's `<id>%7C<token>`) is a parameter and
 *       `{redacted}` as rule 56's are; Auth0's `auth0|<hex>` user ids stay (lib/security/secret-shape.ts; stored rows
 *       by the templates pass).
 *  62 — 7 Dec: a URL with its `user:password@` sent as the bare query (`?https://admin:pw@10.0.0.5/cam.jpg`) is the
 *       query name `{redacted}` (lib/exchange/query-names.ts; stored names by the query-name pass).
 *  63 — 7 Dec: an operation a spec writes both with and without a trailing slash takes calls on its live spelling,
 *       not the one last in path order, a deprecated one included (lib/openapi/spec-trie.ts; stored rows by
 *       lib/db/stored-slash-twins.ts).
 *  64 — 7 Dec: a year and month right after `api` or `rest` (Shopify's `/admin/api/2024-01/…`) is the API's version, a
 *       literal, not a parameter (lib/discovery/segment-types.ts isVersionAfterApi; stored rows by the templates pass,
 *       when every example path of the row has the same version there, as rule 30's).
 *  65 — 7 Dec: a Kubernetes API group a release before 6 Dec made a parameter (`/apis/{apiId}/v1/…`; apart since
 *       64763bb4, but stored rows kept it) is the literal again when every example path of the row has the same group
 *       there (lib/discovery/stored-template.ts isApiGroupPosition; the templates pass).
 *  66 — 7 Dec: an item of a collection whose name starts with an acronym is named with the acronym lowered whole
 *       (`/AWSLogs/{awsLogId}`, `/URLs/{urlId}`), not `{aWSLogId}`, `{uRLId}` (lib/discovery/param-names.ts; stored
 *       rows by the templates pass, as rule 40).
 *  67 — 7 Dec: a language with its script and no region (`zh-Hans`, `sr-Latn`) is a `{locale}` parameter, as rule 38's
 *       `en-US` is (lib/discovery/segment-types.ts; stored rows by the templates pass).
 *  68 — 7 Dec: the example values of a path parameter a spec names as a credential (`{key}`, `{apiKey}`,
 *       `{token}`: Dark Sky's `/forecast/{key}/…`) are `{redacted}` (lib/security/redact-named-secrets.ts; stored
 *       example paths by the templates pass; at ingest, and when classification re-keys a row to the spec's template).
 *  69 — 7 Dec: a date first in the path is an API's dated version, a literal (Twilio's `/2010-04-01/…`, Lambda's
 *       `/2015-03-31/…`), unless it is about its request's day or the host's first dates are days
 *       (lib/discovery/dated-root.ts); stored rows by the templates pass, when every example path of the row has the same
 *       date there, far from the day the row was first seen.
 *  70 — 7 Dec: a hash after a collection is named after it (`/commits/{commitId}`, `/blobs/{blobId}`), not `{hash}`
 *       (lib/discovery/param-names.ts; stored rows by the templates pass, as rule 66).
 *  71 — 7 Dec: an override's audit event says what it did (`merged GET /a/1, /a/2 into /a/{id} on every host`), not
 *       the row as stored (`merge GET *` then `/a/{id}`): lib/inventory/override-audit-summary.ts; stored events by
 *       lib/db/stored-override-audits.ts.
 *  72 — 7 Dec: an operation's `{}` security requirement (anonymous callers allowed) is a row of its own in the
 *       Operation's `security` (lib/inventory/scope-alternatives.ts securityRows), read from there rather than from a
 *       spec parsed again (stored rows by lib/db/stored-operation-security.ts).
 *  73 — 7 Dec: an endpoint's latency p95 is stored beside its summary (Endpoint.latencyP95Ms, lib/db/latency-columns.ts),
 *       which the inventory sorts by (stored rows by lib/db/stored-latency-p95.ts).
 *  74 — 7 Dec: two values fitting a spec's suffixed parameter (`/docs/{name}.json`) take its suffix and name, where they
 *       made `/docs/{docId}` (lib/discovery/templating.ts specSuffix; stored rows by the templates pass, when every
 *       example path of the row fits it there: lib/discovery/stored-spec-suffix.ts).
 *  75 — 7 Dec: a call to an operation deprecated by a sunset date alone (no `deprecated: true`) carries the finding
 *       `deprecated-operation` until the date (lib/discovery/findings.ts; stored rows by lib/db/stored-sunset-findings.ts).
 *  76 — 7 Dec: a spec's base path, and the top-level paths of a spec with no servers, say nothing of the names beside
 *       them (lib/discovery/spec-guide.ts positionOf), so a host-less spec (Docker's `/v1.41`, a petstore's `/pets` and
 *       `/users`) no longer makes a site's files one `/{param}`: such a row, on a host whose
 *       root no spec or override makes values, goes with all its counts to its first example's path, as today's engine
 *       templates that request (lib/discovery/stored-root-names.ts; the templates pass), folded into that row if stored.
 *  77 — 7 Dec: rule 68's key is redacted from an example path with a trailing slash or an empty segment
 *       (`/forecast/<key>/37.8,-122.4/`), which matching ignores: it was counted as one segment more than the template
 *       and kept (lib/security/redact-named-secrets.ts; stored example paths by the templates pass).
 *  78 — 7 Dec: a plain parameter whose every example path fits a segment the spec writes with several parameters takes
 *       the spec's spelling there, as rule 74's suffix: a collector without Dark Sky's spec made
 *       `/forecast/{forecastId}/{param}`, which matched no operation and kept the key the spec names in its example
 *       paths (lib/discovery/stored-spec-suffix.ts; stored rows by the templates pass, re-keyed to the documented
 *       endpoint with rule 68's redaction; at ingest too).
 *  79 — 7 Dec: an Expo push token (`ExponentPushToken[…]`) is a credential's shape (lib/security/secret-shape.ts): a
 *       parameter in templates and `{redacted}` in example paths, query and cookie names (stored rows by the templates
 *       pass, the query-name and auth-kind passes, audit events by lib/db/stored-audit-paths.ts).
 *  80 — 7 Dec: the stored templates a merge override's audit event names as folded (`merged GET /reset/Kx7pQ2mZ, … into
 *       /reset/{code} on acct.test`, rule 71's text) get the example paths' redaction, as rule 35 gave a triage's and a
 *       split's (lib/db/stored-audit-paths.ts).
 *  81 — 7 Dec: Endpoint.unlisted says a shadow `discover`, `check` and `inventory` leave out (404/405 only, a CORS
 *       preflight: lib/discovery/unlisted-shadows.ts), so the dashboard's inventory lists and counts what they do
 *       (stored rows by lib/db/stored-unlisted.ts; at ingest, reclassification and folds too).
 */
export const STORED_DATA_RULES = 81;

export type StoredDataUpgrade =
  | { ran: false; version: number }
  | { ran: true; version: number; impliedMethods: EndpointChange[]; shadowsWithoutApi: EndpointChange[]; slashTwins: EndpointChange[]; sunsets: { operations: number; changed: EndpointChange[] }; sunsetFindings: EndpointChange[]; queryNames: number; authKinds: number; templates: RetemplateResult; alertSinks: number; credentialHosts: number; credentialOwnershipRules: number; credentialOverrides: number; auditPaths: number; overrideAudits: number; operationSecurity: number; latencyP95: number; unlisted: number };

/** Said after each pass completes (serve logs progress; a test holds the passes part-way). */
export type PassDone = (pass: string, done: number, total: number) => void | Promise<void>;

// One per `pass(…)` below (test/integration/stored-data-gate.test.ts checks the last says `17 of 17`).
const PASS_COUNT = 17;

export async function upgradeStoredData(onPass: PassDone = () => undefined): Promise<StoredDataUpgrade> {
  const stored = await db().storedDataRules.findUnique({ where: { name: STORED_DATA_PASSES } });
  // A database a newer release already brought further is not taken back (a rolled-back deploy).
  if (stored && stored.version >= STORED_DATA_RULES) return { ran: false, version: stored.version };
  let done = 0;
  const pass = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const result = await work();
    await onPass(name, ++done, PASS_COUNT);
    return result;
  };
  // One after another: each pages under the inventory write lock, and none depends on another having run but the
  // templates pass, which keeps a literal an override names: credential overrides are removed before it.
  const { changed: impliedMethods } = await pass('HEAD/OPTIONS', reclassifyImpliedMethods);
  const { changed: shadowsWithoutApi } = await pass('shadows without an API', reclassifyShadowsWithoutApi);
  const { changed: slashTwins } = await pass('trailing-slash twins', reclassifySlashTwins);
  const sunsets = await pass('operations', rereadStoredOperations);
  const { changed: sunsetFindings } = await pass('sunset findings', refindSunsetFindings);
  const { changed: queryNames } = await pass('query names', redactStoredQueryNames);
  const { changed: authKinds } = await pass('auth kinds', redactStoredAuthKinds);
  const { changed: credentialHosts } = await pass('credential hosts', rehostCredentialHosts);
  const { removed: credentialOwnershipRules } = await pass('ownership rules', removeCredentialOwnershipRules);
  const { removed: credentialOverrides } = await pass('overrides', removeCredentialOverrides);
  const templates = await pass('templates', retemplateStoredEndpoints);
  const { changed: auditPaths } = await pass('audit paths', redactStoredAuditPaths);
  const { changed: overrideAudits } = await pass('override audits', rewordStoredOverrideAudits);
  const { changed: operationSecurity } = await pass('operation security', rereadStoredOperationSecurity);
  const { changed: latencyP95 } = await pass('latency p95', backfillStoredLatencyP95);
  const { changed: unlisted } = await pass('unlisted shadows', backfillStoredUnlisted);
  const { changed: alertSinks } = await pass('alert sinks', async () => rekeyStoredAlertSinks(webhookTargets(env().LANTERN_WEBHOOK_URLS), await loadFingerprintKey()));
  await recordVersion();
  return { ran: true, version: STORED_DATA_RULES, impliedMethods, shadowsWithoutApi, slashTwins, sunsets, sunsetFindings, queryNames, authKinds, templates, alertSinks, credentialHosts, credentialOwnershipRules, credentialOverrides, auditPaths, overrideAudits, operationSecurity, latencyP95, unlisted };
}

/**
 * Raised only, never lowered: two replicas starting at once, or an older one starting after, leave the highest. Serve
 * records it without the passes on a database its start created (nothing an older release stored).
 */
export async function recordVersion(): Promise<void> {
  const { count } = await db().storedDataRules.updateMany({ where: { name: STORED_DATA_PASSES, version: { lt: STORED_DATA_RULES } }, data: { version: STORED_DATA_RULES } });
  if (count > 0) return;
  try {
    await db().storedDataRules.create({ data: { name: STORED_DATA_PASSES, version: STORED_DATA_RULES } });
  } catch (err) {
    // Another replica recorded it first (or it already stands at this version or above).
    if ((err as { code?: string }).code !== 'P2002') throw err;
  }
}
