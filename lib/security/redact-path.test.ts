import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isSecretSegment, redactPathSecrets } from './redact-path';

describe('redactPathSecrets', () => {
  test("an Expo push token in the path is {redacted}, escaped or not, and templating makes it a parameter", () => {
    // Until 7 Dec its brackets kept it from looking random: `/v1/devices/ExponentPushToken[…]` was the template and
    // the example path, stored and exported, though anyone holding the token can push to that device.
    for (const token of ['ExponentPushToken[xk3Lm9Pq2Rs7Tu4Vw1Yz8A]', 'ExponentPushToken%5Bxk3Lm9Pq2Rs7Tu4Vw1Yz8A%5D', 'ExpoPushToken[xk3Lm9Pq2Rs7Tu4Vw1Yz8A]']) {
      expect(redactPathSecrets(`/v1/devices/${token}/badge`), token).toBe('/v1/devices/{redacted}/badge');
    }
    expect(isSecretSegment('ExponentPushToken[xk3Lm9Pq2Rs7Tu4Vw1Yz8A]', 'devices')).toBe(true);
    // A device's own id and the words alone stay.
    expect(redactPathSecrets('/v1/devices/ios-device-42/ExponentPushToken')).toBe('/v1/devices/ios-device-42/ExponentPushToken');
  });

  test('credentials in paths become {redacted}', () => {
    expect(redactPathSecrets('/v2/password-reset/ResetTok3f9a2c7e1b5d4a6f8e0c9b7a/confirm')).toBe('/v2/password-reset/{redacted}/confirm');
    expect(redactPathSecrets('/v2/hooks/T0001/sk_live_51HxYz2eZvKYlo2C0123abcd')).toBe('/v2/hooks/T0001/{redacted}');
    expect(redactPathSecrets('/services/T0ABCDEF1/B0GHIJKL2/Xk3Lm9Pq2Rs7Tu4Vw1Yz8Ab6')).toBe('/services/T0ABCDEF1/B0GHIJKL2/{redacted}');
    expect(redactPathSecrets('/download/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl')).toBe('/download/{redacted}');
    expect(redactPathSecrets('/invite/a1b2c3d4e5')).toBe('/invite/{redacted}');
    expect(redactPathSecrets('/u/ghp_aBcD1234eFgH5678iJkL9012mNoP3456qRsT')).toBe('/u/{redacted}');
    // The Telegram Bot API: the bot's token is a path segment (`/bot<id>:<secret>/getMe`), as an egress proxy logs it.
    expect(redactPathSecrets('/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getMe')).toBe('/{redacted}/getMe');
    expect(redactPathSecrets('/file/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/photos/file_1.jpg')).toBe('/file/{redacted}/photos/file_1.jpg');
  });

  test("a one-time link's token becomes {redacted} after a segment that names the link, whichever word of it does", () => {
    // Until 6 Dec only the segment's last word counted (`password-reset` did, `verify-email` did not), and a link's
    // token, most often hex (`crypto.randomBytes(32).toString('hex')`, read as a hash), stayed in its example paths.
    const hex = '9eab75dfdb98913179ad73fdc878281175b4ac1a0e7e670a1b06c393b63f1a6c';
    expect(redactPathSecrets(`/api/auth/verify-email/${hex}`)).toBe('/api/auth/verify-email/{redacted}');
    expect(redactPathSecrets(`/api/auth/confirm_email/${hex.slice(0, 40)}`)).toBe('/api/auth/confirm_email/{redacted}');
    expect(redactPathSecrets(`/account/activate-account/${hex.slice(0, 32)}`)).toBe('/account/activate-account/{redacted}');
    expect(redactPathSecrets(`/api/v1/sessions/${hex}`)).toBe('/api/v1/sessions/{redacted}');
    // A Microsoft Teams incoming webhook: its secret follows `IncomingWebhook`, and its connector's id after that.
    expect(redactPathSecrets(`/webhookb2/g1@g2/IncomingWebhook/${hex.slice(0, 32)}/0f8fad5b`)).toBe('/webhookb2/g1@g2/IncomingWebhook/{redacted}/{redacted}');
    // Or two segments before, a user id between (Django's `reset/<uidb64>/<token>/`, Laravel's `email/verify/<id>/<hash>`,
    // an invitation's `accept/<token>`).
    expect(redactPathSecrets('/accounts/reset/Mg/5yv-5b3b1e8d2f4a6c8e0b2d/')).toBe('/accounts/reset/Mg/{redacted}/');
    expect(redactPathSecrets(`/email/verify/42/${hex.slice(0, 40)}`)).toBe('/email/verify/42/{redacted}');
    expect(redactPathSecrets('/api/v1/invitations/accept/Kx7pQ2mZr8')).toBe('/api/v1/invitations/accept/{redacted}');
    expect(redactPathSecrets('/api/keys/123/versions/v2beta3')).toBe('/api/keys/123/versions/v2beta3');
    // Only those words anywhere: a key or code word inside a resource's name says nothing of what follows it.
    expect(redactPathSecrets('/api/auth-providers/okta2/config')).toBe('/api/auth-providers/okta2/config');
    expect(redactPathSecrets('/api/code-reviews/pr42abc')).toBe('/api/code-reviews/pr42abc');
  });

  test("a capability link's token becomes {redacted}, hex too, where the same hex elsewhere stays an identifier", () => {
    // Until 6 Dec hex was read as an object id wherever it stood, so a download or share link's token
    // (`crypto.randomBytes(20).toString('hex')`) and an OAuth callback's were kept in example paths and exports.
    const hex = '9eab75dfdb98913179ad73fdc878281175b4ac1a';
    expect(redactPathSecrets(`/download/${hex}`)).toBe('/download/{redacted}');
    expect(redactPathSecrets(`/files/downloads/${hex}/report.pdf`)).toBe('/files/downloads/{redacted}/report.pdf');
    expect(redactPathSecrets(`/share/${hex.slice(0, 32)}`)).toBe('/share/{redacted}');
    expect(redactPathSecrets('/api/shared-links/Ab3dEf9hIj2kLmNo')).toBe('/api/shared-links/{redacted}');
    expect(redactPathSecrets(`/oauth/callback/${hex}`)).toBe('/oauth/callback/{redacted}');
    // The same after a signed link's other words, and after a one-time action's verb (an e-mailed accept, join, claim
    // or approve link, a login link).
    for (const [before, after] of [
      [`/dl/${hex}`, '/dl/{redacted}'], [`/s3/presigned/${hex}`, '/s3/presigned/{redacted}'], [`/api/v2/signed/${hex}/x.pdf`, '/api/v2/signed/{redacted}/x.pdf'],
      [`/accept/${hex}`, '/accept/{redacted}'], [`/join/${hex}`, '/join/{redacted}'], [`/gift/redeem/${hex}`, '/gift/redeem/{redacted}'],
      [`/claim/${hex}`, '/claim/{redacted}'], [`/approve/${hex}`, '/approve/{redacted}'], [`/auth/login/${hex}`, '/auth/login/{redacted}'],
      [`/api/v1/apikeys/${hex}`, '/api/v1/apikeys/{redacted}'],
    ]) expect(redactPathSecrets(before)).toBe(after);
    // A UUID is as much a link's token as hex there (until 6 Dec `/share/<uuid>` kept it), and a public dashboard's
    // or card's link is one: Grafana's `/public-dashboards/<32 hex>`, Metabase's `/public/dashboard/<uuid>`.
    const uuid = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
    for (const [before, after] of [
      [`/share/${uuid}`, '/share/{redacted}'], [`/api/v1/downloads/${uuid}/file`, '/api/v1/downloads/{redacted}/file'],
      [`/invitations/accept/${uuid}`, '/invitations/accept/{redacted}'],
      [`/public-dashboards/${hex.slice(0, 32)}`, '/public-dashboards/{redacted}'],
      [`/api/public/dashboards/${hex.slice(0, 32)}/panels/2/query`, '/api/public/dashboards/{redacted}/panels/2/query'],
      [`/public/dashboard/${uuid}`, '/public/dashboard/{redacted}'], [`/api/public/card/${uuid}/query`, '/api/public/card/{redacted}/query'],
      // With the format asked for as an extension (Metabase's `/public/question/<uuid>.csv`, a download's `<hex>.zip`).
      [`/public/question/${uuid}.csv`, '/public/question/{redacted}'], [`/download/${hex}.zip`, '/download/{redacted}'],
    ]) expect(redactPathSecrets(before), before).toBe(after);
    // Zapier's catch hook: the hook's key follows the account id, and may be letters only.
    expect(redactPathSecrets('/hooks/catch/1234567/b3x9k2q/')).toBe('/hooks/catch/1234567/{redacted}/');
    expect(redactPathSecrets('/hooks/catch/1234567/abcdefg/silent/')).toBe('/hooks/catch/1234567/{redacted}/silent/');
    expect(redactPathSecrets('/hooks/standard/1234567/abcdefg/')).toBe('/hooks/standard/1234567/{redacted}/');
    // The same hex as a commit, a blob digest or an order, and a download's version or file name, stay.
    for (const path of [
      `/repos/acme/api/commits/${hex}`,
      `/v2/library/ubuntu/blobs/sha256:${hex}${hex.slice(0, 24)}`,
      '/v1/orders/9f3c1a2b7d4e6f80',
      `/v1/orders/${hex.slice(0, 24)}`,
      '/download/linux-x64/lantern-1.2.3.tar.gz',
      '/downloads/v2beta3/setup.exe',
      '/downloads/12345678901234567',
      '/auth/callback',
      '/pokemon/catch/25/pikachu',
      '/orders/12345/approve',
      '/auth/login/google',
      `/v1/users/${uuid}/shares`,
      '/public/js/app-3f9a2c7e.js',
      '/api/public/v1/status',
    ]) expect(redactPathSecrets(path)).toBe(path);
  });

  test('a one-time code after a segment naming it becomes {redacted}, as a bare `?482913` query part is', () => {
    // Until 6 Dec digits were an identifier wherever they stood, so `/auth/otp/482913` kept the code in example paths.
    expect(redactPathSecrets('/auth/otp/482913')).toBe('/auth/otp/{redacted}');
    expect(redactPathSecrets('/api/v1/mfa/2fa/123456/verify')).toBe('/api/v1/mfa/2fa/{redacted}/verify');
    expect(redactPathSecrets('/auth/otp-code/48291377')).toBe('/auth/otp-code/{redacted}');
    expect(redactPathSecrets('/users/7/mfaCode/4829')).toBe('/users/7/mfaCode/{redacted}');
    const ids = ['/v1/keys/12345', '/email/verify/42/abc', '/v1/otp/12', '/v1/codes/482913', '/v1/otp/123456789012'];
    // `code` alone names identifiers as often as secrets.
    for (const path of [...ids, '/geo/zip-code/90210', '/v1/country-code/0044', '/errors/code/5001']) expect(redactPathSecrets(path), path).toBe(path);
  });

  test("an algorithm's, a protocol's or a character set's name, or an API version, after a secret's word stays", () => {
    // Until 6 Dec each was letters and digits after `auth`, `keys`, `signature`, `code` or `webhooks`: a short token.
    for (const path of [
      '/auth/oauth2/token', '/AUTH/OAuth2/token', '/keys/rsa4096', '/keys/ed25519', '/keys/secp256k1', '/signature/sha256', '/signature/HS256',
      '/code/utf8mb4', '/webhooks/v2beta1/list', '/api/keys/v1.2/rotate', '/session/saml2/acs', '/token/RS256/verify',
    ]) expect(redactPathSecrets(path), path).toBe(path);
    // A name's look-alike is still a short token there, and so is a link's token after a version.
    for (const [before, after] of [
      ['/auth/xyz123', '/auth/{redacted}'], ['/keys/rsa4097x', '/keys/{redacted}'],
      ['/reset/v2/Kx7pQ2mZr8', '/reset/v2/{redacted}'],
    ]) expect(redactPathSecrets(before), before).toBe(after);
  });

  test("words joined by `_` or `.` after a secret's word stay, a token with separators (or words joined by dashes alone) does not", () => {
    // Until 6 Dec any 16+ characters after `oauth`, `token`, … were a token: Shopify's `/admin/oauth/access_scopes.json`
    // was `/admin/oauth/{redacted}`.
    for (const path of [
      '/admin/oauth/access_scopes.json', '/api/tokens/revoke_all_tokens', '/v1/sessions/delete_expired-sessions',
      '/auth/password-reset/request_new_link', '/webhooks/delivery_attempts_v2', '/api/keys/Rotate_All_Keys',
    ]) expect(redactPathSecrets(path), path).toBe(path);
    const hex = '9eab75dfdb98913179ad73fdc878281175b4ac1a';
    for (const [before, after] of [
      // Hex, base64url with mixed case, dashes between random pieces, random letters with or without separators.
      [`/reset/${hex}`, '/reset/{redacted}'], ['/token/yH8sX_6Lk-fZq2PwNc3R', '/token/{redacted}'],
      ['/accounts/reset/Mg/5yv-5b3b1e8d2f4a6c8e0b2d/', '/accounts/reset/Mg/{redacted}/'],
      ['/confirm/K7QPM-X9F2A-B3CDE-4FGHJ', '/confirm/{redacted}'], ['/invite/qwzxkvbnmplrtsdh', '/invite/{redacted}'],
      ['/reset/xkqzpt-mwvbnr-qlkjhg', '/reset/{redacted}'], ['/token/KQPMXZ_WBNRTL_HGFDSV', '/token/{redacted}'],
      ['/token/1234-5678-9012-3456', '/token/{redacted}'], ['/sessions/0f8fad5b-d9cb-469f-a165-70af498f7b4a', '/sessions/{redacted}'],
      // Short words with a number and a letter mixed are still a short code's shape (unchanged).
      ['/reset/ab12-cd34', '/reset/{redacted}'],
      // Words joined by dashes alone are a word code's shape (a passphrase-like invite or reset code).
      ['/invite/brave-tiger-sunset-lake', '/invite/{redacted}'], ['/reset/correct-horse-battery-staple', '/reset/{redacted}'],
    ]) expect(redactPathSecrets(before), before).toBe(after);
  });

  test("ASP.NET's cookieless session or ticket, in a path no collector of today's took it out of, becomes {redacted}", () => {
    expect(redactPathSecrets('/(S(lit3py55t21z5v55vlm25s55))/orders.aspx')).toBe('/{redacted}/orders.aspx');
    expect(redactPathSecrets('/app/(X(1)F(5A2C9D00FF))/default.aspx')).toBe('/app/{redacted}/default.aspx');
    for (const path of ['/wiki/Mercury_(planet)', '/(X(1))/login.aspx']) expect(redactPathSecrets(path)).toBe(path);
  });

  test('personal data in paths becomes {redacted}, percent-encoded or not', () => {
    expect(redactPathSecrets('/hidden2/john.doe@example.com')).toBe('/hidden2/{redacted}');
    expect(redactPathSecrets('/v1/unsubscribe/jane%40example.org/confirm')).toBe('/v1/unsubscribe/{redacted}/confirm');
    expect(redactPathSecrets('/v1/cards/4111111111111111/limits')).toBe('/v1/cards/{redacted}/limits');
    expect(redactPathSecrets('/v1/people/078-05-1120')).toBe('/v1/people/{redacted}');
    expect(redactPathSecrets('/v1/lookup/+14155550100')).toBe('/v1/lookup/{redacted}');
    expect(redactPathSecrets('/v1/accounts/GB82WEST12345698765432')).toBe('/v1/accounts/{redacted}');
    expect(redactPathSecrets('/v1/keys/ASIAIOSFODNN7EXAMPLE')).toBe('/v1/keys/{redacted}');
  });

  test('matrix parameter values become {redacted}, their names stay', () => {
    expect(redactPathSecrets('/cars;api_key=SUPERSECRET1/42')).toBe('/cars;api_key={redacted}/42');
    expect(redactPathSecrets('/a;b;c=1;d=/x')).toBe('/a;b;c={redacted};d=/x');
  });

  test('a segment that is one name=value pair keeps its name, never its value', () => {
    expect(redactPathSecrets('/api/v1/key=Q2mZ7pLr4Tb8')).toBe('/api/v1/key={redacted}');
    expect(redactPathSecrets('/api/v2/items/token=abc/x')).toBe('/api/v2/items/token={redacted}/x');
    // Base64 padding is no pair: the segment is judged whole, as any other.
    expect(redactPathSecrets('/files/b3JkZXJz==')).toBe('/files/b3JkZXJz==');
    // Its `=` escaped, as templating reads it (a parameter): until 7 Dec the value stayed in the example.
    expect(redactPathSecrets('/api/v1/key%3DQ2mZ7pLr4Tb8/x')).toBe('/api/v1/key={redacted}/x');
    expect(redactPathSecrets('/api/v2/items/token%3Dabc/x')).toBe('/api/v2/items/token={redacted}/x');
    // Near misses: an escaped `=` that is base64 padding, or after no name (templating keeps both literal too).
    for (const path of ['/files/b3JkZXJz%3D%3D', '/math/2%2B2%3D4']) expect(redactPathSecrets(path), path).toBe(path);
  });

  test('redacting twice changes nothing (evidence relies on it to skip paths it already holds)', () => {
    const segment = fc.oneof(
      fc.constantFrom('reset', 'hooks', 'orders', '991', 'sk_live_51HqLyjWDarjtT1zdp7dcXYZ', 'sk_live_key', 'jane@example.com', '4111111111111111', '{redacted}', '~tilde', 'key=abc', 'key={redacted}', 'x==='),
      fc.string({ maxLength: 24 }).map((s) => s.replace(/\//g, '')),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 6 }), (segments) => {
        const once = redactPathSecrets(`/${segments.join('/')}`);
        expect(redactPathSecrets(once)).toBe(once);
      }),
      // A stray brace before a fragment (found by a CI run's seed: a `{` in a redacted segment hid the `#` after it).
      { numRuns: 500, examples: [[['reset', ' 0 { A', '#']]] },
    );
  });

  test("a release's or a file's name is kept, a random token with dots or dashes is not", () => {
    // Until 6 Dec a release's name (20+ characters, letters and digits mixed, varied enough) was taken for a random
    // token: `/dist/v18.17.1/{redacted}` in example paths.
    for (const path of [
      '/dist/v18.17.1/node-v18.17.1-linux-x64.tar.gz',
      '/download/release/v20.11.0/node-v20.11.0-darwin-arm64.tar.xz',
      '/java/openjdk-21.0.2_linux-x64_bin.tar.gz',
      '/releases/kubectl-v1.29.0-linux-amd64.sha256',
      '/go/go1.21.6.linux-amd64.tar.gz',
      '/media/IMG_20240101_123456.jpg',
    ]) expect(redactPathSecrets(path), path).toBe(path);
    // A Kubernetes pod's name: its controller's, then the pod template's hash and five characters of the pod's own,
    // both in the alphabet Kubernetes names are made of (until 6 Dec `/pods/{redacted}/log`).
    for (const path of [
      '/api/v1/namespaces/default/pods/api-server-7d4b9c8f5-xk2p7/log',
      '/api/v1/namespaces/kube-system/pods/coredns-5dd5756b68-7xk9p',
      '/api/v1/namespaces/ops/pods/nightly-backup-28391234-qz7wd',
    ]) expect(redactPathSecrets(path), path).toBe(path);
    for (const [path, redacted] of [
      ['/pods/a1b2c3-xk2p7fghjk-zzq4r', '/pods/{redacted}'],
      ['/f/V1StGXR8_Z5jdHi6B-myT9.Kx3pQ', '/f/{redacted}'],
      ['/v1/keys/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', '/v1/keys/{redacted}'],
      ['/x/K7QPM-X3R9T-BW8YD-MF6GH-2JCV4', '/x/{redacted}'],
    ]) expect(redactPathSecrets(path), path).toBe(redacted);
  });

  test('an escaped segment is judged decoded, as templating judges it: a token holding an escape goes, a name with spaces stays', () => {
    // Until 6 Dec the escapes were judged here and the decoded text in templates: `%20` and `%2F` read as letters and
    // digits made a document's name random enough for `{redacted}`, while a token holding them stayed the template.
    for (const [path, redacted] of [
      ['/v1/docs/CANARY%209xQ2mZr7Lp4Wv8Yt3Kd', '/v1/docs/{redacted}'],
      // Standard base64 (`+`, `/`, `=`) escaped in a path: an encrypted or signed link's token.
      ['/blobs/abc%2Fdef%2BghiXk29Lm3Qp8Zr%3D/raw', '/blobs/{redacted}/raw'],
      ['/s/Kx7pQ2mZ%2Fa9Lm3Qp8Zr5Tn', '/s/{redacted}'],
      // A Telegram bot token whose `:` a client escaped.
      ['/bot123456789%3AAAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getMe', '/{redacted}/getMe'],
    ]) expect(redactPathSecrets(path), path).toBe(redacted);
    for (const path of [
      '/files/My%20Document%20v2.pdf',
      '/reports/Quarterly%20Report%202024%20Final%20v3.pdf',
      '/wiki/Python%20(programming%20language)%203.12',
      // GitLab's file API escapes a repository path's slashes.
      '/api/v4/projects/diaspora%2Fdiaspora/repository/files/app%2Fmodels%2Fkey2024.rb/raw',
      '/users/J%C3%BCrgen%20M%C3%BCller2024',
      '/drive/Meeting%20Notes%20-%20McDonald%20Account%202024.pdf',
      '/wiki/PowerPoint%20Tips%20and%20Tricks%202024',
      '/files/a%2Fb/meta',
    ]) expect(redactPathSecrets(path), path).toBe(path);
  });

  test('a token whose escapes decode to punctuation outside base64 (`%3A`, `%3B`, `%2C`) goes as one holding `%2F` does; identifiers with that punctuation stay', () => {
    // Until 7 Dec a decoded `:`, `;` or `,` kept a token from looking random, so it stayed the template and the example.
    for (const [path, redacted] of [
      ['/s/Kx7pQ2mZ%3Aa9Lm3Qp8Zr5Tn', '/s/{redacted}'],
      ['/s/Kx7pQ2mZ%3Ba9Lm3Qp8Zr5Tn', '/s/{redacted}'],
      ['/s/Kx7pQ2mZ%2Ca9Lm3Qp8Zr5Tn/raw', '/s/{redacted}/raw'],
      // A Laravel Sanctum token (`<id>|<40 random>`) whose `|` a client escaped.
      ['/t/1%7CKx7pQ2mZa9Lm3Qp8Zr5TnWv4Yt3Kd8XqAbCdEf', '/t/{redacted}'],
    ]) expect(redactPathSecrets(path), path).toBe(redacted);
    // Near misses: an ARN (AWS tag APIs put it in the path, escaped), a URN's UUID, a time, a list of IDs or names,
    // a Google API's custom method.
    for (const path of [
      '/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Amy-function',
      '/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Fa1b2c3d4e5',
      '/tags/arn%3Aaws%3Aecs%3Aus-east-1%3A123456789012%3Atask%2Fdefault%2F0123456789abcdef0123456789abcdef',
      '/r/urn%3Auuid%3A6e8bc430-9c3a-11d9-9669-0800200c9a66',
      '/slots/2024-01-15T10%3A30%3A00.000Z',
      '/users/1001%2C1002%2C1003%2C1004%2C1005',
      '/tiles/mapbox.streets-v11%2Cmapbox.terrain-v2/12',
      '/v1/projects/my-project-2024/topics/orders-topic-v2%3Apublish',
      // Auth0's user ids in its Management API's paths: the provider's name, then hex or a number.
      '/api/v2/users/auth0%7C5f7c8ec7c33c6c004bbafe82',
      '/api/v2/users/google-oauth2%7C103547991597142817347',
    ]) expect(redactPathSecrets(path), path).toBe(path);
  });

  test('a segment holding an escaped query (`%3F…%3D…`: an image or CORS proxy\'s URL, a link escaped whole) keeps none of its values', () => {
    // Until 7 Dec its values (a signature, an API key, an OAuth code) were the template and the example path.
    for (const [path, redacted] of [
      ['/unsafe/300x200/https%3A%2F%2Fcdn.example%2Fimg.jpg%3Fsig%3DKx7pQ2mZa9Lm3Qp8Zr5Tn', '/unsafe/300x200/{redacted}'],
      ['/proxy/https%3A%2F%2Fapi.example%2Fv1%2Fme%3Fapi_key%3Dabc123def', '/proxy/{redacted}'],
      ['/download/file.pdf%3Ftoken%3DKx7pQ2mZa9Lm3Qp8Zr5Tn', '/download/{redacted}'],
    ]) expect(redactPathSecrets(path), path).toBe(redacted);
    // Near misses: an escaped `?` with no pair after it, an escaped `=` with no `?` before it.
    for (const path of ['/wiki/What%3F', '/wiki/Who%3F_What%3F_Where%3F_2024', '/math/2%2B2%3D4', '/unsafe/300x200/https%3A%2F%2Fcdn.example%2Fimg.jpg']) expect(redactPathSecrets(path), path).toBe(path);
  });

  test('an ARN whose resource id is random but no hex is no secret', () => {
    // Until 7 Dec (rule 56) each was a parameter in templates and `{redacted}` in example paths: a Cognito user pool's,
    // an AppSync API's, a Secrets Manager secret's or a CloudFront distribution's ARN read as a token of parts between
    // `:` and `/`.
    for (const path of [
      '/tags/arn%3Aaws%3Acognito-idp%3Aus-east-1%3A123456789012%3Auserpool%2Fus-east-1_aB3dE5fG7',
      '/v1/tags/arn%3Aaws%3Aappsync%3Aus-east-1%3A123456789012%3Aapis%2Fa1b2c3d4e5f6g7h8i9j0k1l2m3',
      '/tags/arn%3Aaws%3Asecretsmanager%3Aus-east-1%3A123456789012%3Asecret%3Aprod%2Fdb-password-AbC1d2',
      '/tags/arn%3Aaws%3Aecs%3Aus-east-1%3A123456789012%3Atask%2Fmy-cluster%2FXk9fQ2mZ7pLr4Tb8',
      '/2020-05-31/tagging/arn%3Aaws%3Acloudfront%3A%3A123456789012%3Adistribution%2FE2QWRUHAPOMQZL',
      '/tags/arn%3Aaws-cn%3Asso%3A%3A%3ApermissionSet%2Fssoins-1234567890abcdef%2Fps-1a2b3c4d5e6f7g8h',
    ]) expectKept(path);
    // Still a secret: a token between separators that only starts as an ARN does.
    expect(redactPathSecrets('/s/arn%3Aaws%3AKx7pQ2mZa9Lm3Qp8Zr5Tn')).toBe('/s/{redacted}');
  });

  test('a file whose name holds an escaped `?name=value` is no link escaped whole: kept unless the pair is a credential', () => {
    // Until 7 Dec (rule 59) `report?v=2.pdf` was a parameter in templates and `{redacted}` in example paths.
    for (const path of ['/files/report%3Fv%3D2.pdf', '/files/notes%3Fpage%3D3%26lang%3Den.txt', '/img/photo.jpg%3Fw%3D200']) expectKept(path);
    // Still secrets: a credential's name or value in that query.
    for (const path of ['/files/report.pdf%3Fv%3DKx7pQ2mZa9Lm3Qp8Zr5Tn', '/files/report.pdf%3Fv%3D2%26sig%3Dabc', '/files/a.pdf%3FX-Amz-Credential%3DAKIAIOSFODNN7EXAMPLE']) {
      expect(redactPathSecrets(path), path).toBe(`${path.slice(0, path.lastIndexOf('/'))}/{redacted}`);
    }
  });

  test("a URL in the path keeps no `user:password@`, escaped or not, whatever its host", () => {
    // Until 6 Dec only a host that read as an e-mail address's domain (`pw@internal.corp`) took it away.
    for (const [path, redacted] of [
      ['/unsafe/300x200/http://admin:pw12345@10.0.0.5/cam.jpg', '/unsafe/300x200/http://{redacted}/cam.jpg'],
      ['/proxy/https:/ops:Hunter2@localhost:8080/status', '/proxy/https:/{redacted}/status'],
      ['/fetch/http%3A%2F%2Fadmin%3Apw12345%4010.0.0.5%2Fcam.jpg', '/fetch/{redacted}'],
    ]) expect(redactPathSecrets(path), path).toBe(redacted);
    // Near misses: a URL without userinfo, a time and a room, a user's handle after a word.
    for (const path of ['/web/2020/https://example.com/page', '/v1/slots/10:30@room4', '/users/ops:admin@team', '/mailto:ops@team']) expect(redactPathSecrets(path), path).toBe(path);
  });

  test('identifiers and words are kept', () => {
    for (const path of [
      '/v1/orders/991',
      '/v1/users/3f2504e0-4f89-11d3-9a0c-0305e82c3301',
      '/v1/commits/9fceb02d0ae598e95dc970b74767f19372d61af8',
      '/auth/callback',
      '/v1/keys/12345',
      '/api/v2/reports/2024-11-22/export',
      '/v1/slots/10:30-11:00',
      '/docs/getting-started-with-the-payments-api',
      '/v1/orders/123456789012',
      '/v1/users/jane.doe',
      '/',
    ]) {
      expect(redactPathSecrets(path)).toBe(path);
    }
  });
});

/** Kept in example paths, and a literal to templating (which asks isSecretSegment of the decoded segment). */
function expectKept(path: string): void {
  expect(redactPathSecrets(path), path).toBe(path);
  const segments = path.split('/').map(decodeURIComponent);
  expect(isSecretSegment(segments[segments.length - 1], segments[segments.length - 2]), path).toBe(false);
}
