import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PcapWriter } from '../gen/pcap/pcap-writer';
import { writeConversation, type Turn } from '../gen/pcap/conversation';

/**
 * Inputs full of credentials, one distinct secret per place a credential can hide (header, cookie, query, body,
 * response), in every input kind a collector reads: a pcap, an nginx log, a HAR and an OTLP export. Each secret is
 * random per run, so finding it anywhere later can only mean Lantern kept it.
 */
export type SecretName =
  | 'pcap.bearer-jwt' | 'pcap.basic-password' | 'pcap.cookie' | 'pcap.set-cookie' | 'pcap.x-api-key' | 'pcap.query-api-key'
  | 'pcap.query-access-token' | 'pcap.body-password' | 'pcap.response-token'
  | 'log.query-api-key' | 'log.query-token' | 'log.basic-user-password' | 'log.path-reset-token' | 'log.path-webhook-key'
  | 'log.path-download-token' | 'log.path-zapier-key' | 'log.path-aspnet-session'
  | 'har.bearer' | 'har.cookie' | 'har.query-key' | 'har.body-password' | 'har.response-token' | 'har.x-api-key' | 'har.x-vendor-token' | 'har.query-string-only'
  | 'otlp.authorization' | 'otlp.query-key' | 'otlp.route-query-key' | 'haproxy.captured-jwt'
  | 'log.path-escaped-query-sig' | 'log.path-colon-token' | 'log.path-matrix-key' | 'log.query-twice-encoded-key' | 'log.query-bare-base64';

const secret = (tag: string) => `${tag}${randomBytes(18).toString('hex')}`;
const b64url = (s: string) => Buffer.from(s).toString('base64url');
const randomKey = (alphabet: string, length: number) => [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
// Random letters and digits; the lines around each piece add a fixed `Q7` or `9Z`, so the whole mixes both as a token does.
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export interface SecretInputs {
  files: string[];
  /** Every secret, and the encodings it would have on the wire (base64 for Basic). */
  secrets: Record<SecretName, string[]>;
  otlpDocument: unknown;
}

export function writeSecretInputs(dir: string): SecretInputs {
  const jwtSignature = secret('JwtSig');
  const jwt = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(JSON.stringify({ iss: 'https://idp.corp.test', sub: 'svc-1', scope: 'payments:read' }))}.${jwtSignature}`;
  const basicPassword = secret('BasicPw');
  const basic = Buffer.from(`svc-batch:${basicPassword}`).toString('base64');
  const s = {
    cookie: secret('CookieVal'), setCookie: secret('SetCookie'), apiKey: secret('XApiKey'), queryKey: secret('QueryKey'),
    queryToken: secret('QueryTok'), bodyPassword: secret('BodyPw'), responseToken: secret('RespTok'),
    logKey: secret('LogKey'), logToken: secret('LogTok'), logPassword: secret('LogPw'), logResetToken: secret('ResetTok'), logWebhookKey: secret('sk_live_'),
    harBearer: secret('HarBearer'), harCookie: secret('HarCookie'), harQuery: secret('HarQuery'), harBody: secret('HarBodyPw'),
    harResponse: secret('HarResp'), harApiKey: secret('HarApiKey'), otlpAuth: secret('OtlpAuth'), otlpQuery: secret('OtlpQuery'),
    otlpRouteQuery: secret('OtlpRouteQ'),
    // Since 7 Dec: a vendor's own token header (Swift's X-Storage-Token), and a key in a HAR's queryString alone, its name escaped.
    harVendorToken: secret('HarVendorTok'), harQueryStringKey: secret('HarQsKey'),
    // Shaped as such links are: a download link's hex, Zapier's 7-character key, ASP.NET's 24-character session id.
    downloadToken: randomBytes(20).toString('hex'), zapierKey: randomKey('abcdefghijklmnopqrstuvwxyz0123456789', 7),
    aspNetSession: randomKey('abcdefghijklmnopqrstuvwxyz012345', 24),
    // Since 7 Dec: a signature in an image proxy's escaped URL, a token of two parts around an escaped `:`, a key as a
    // path parameter, a key in a query encoded twice whole, and a standard-base64 token sent as the bare query.
    imgSig: secret('ImgSig'), matrixKey: secret('MatrixKey'), twiceKey: secret('TwiceKey'),
    colonToken: [randomKey(ALNUM, 12), randomKey(ALNUM, 12)], bareBase64: [randomKey(ALNUM, 12), randomKey(ALNUM, 12)],
  };

  const body = JSON.stringify({ amount: 1200, password: s.bodyPassword });
  const tokenBody = JSON.stringify({ access_token: s.responseToken, token_type: 'Bearer' });
  const ok = (extra = '', payload = '{"ok":true}') => `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n${extra}Content-Length: ${payload.length}\r\n\r\n${payload}`;
  const conversations: Turn[][] = [
    [{ from: 'client', data: `GET /v1/accounts/12345?api_key=${s.queryKey} HTTP/1.1\r\nHost: api.corp.test\r\nAuthorization: Bearer ${jwt}\r\n\r\n` }, { from: 'server', data: ok() }],
    [{ from: 'client', data: `POST /v1/payments HTTP/1.1\r\nHost: api.corp.test\r\nAuthorization: Basic ${basic}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}` }, { from: 'server', data: ok() }],
    [{ from: 'client', data: `GET /v1/profile HTTP/1.1\r\nHost: api.corp.test\r\nCookie: session=${s.cookie}; theme=dark\r\n\r\n` }, { from: 'server', data: ok(`Set-Cookie: session=${s.setCookie}; HttpOnly; Secure\r\n`) }],
    [{ from: 'client', data: `GET /v1/reports HTTP/1.1\r\nHost: api.corp.test\r\nX-API-Key: ${s.apiKey}\r\n\r\n` }, { from: 'server', data: ok() }],
    [{ from: 'client', data: `GET /v1/search?q=lamps&access_token=${s.queryToken} HTTP/1.1\r\nHost: api.corp.test\r\n\r\n` }, { from: 'server', data: ok() }],
    [{ from: 'client', data: `POST /oauth/token HTTP/1.1\r\nHost: api.corp.test\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 29\r\n\r\ngrant_type=client_credentials` }, { from: 'server', data: ok('', tokenBody) }],
  ];
  const chunks: Buffer[] = [];
  const w = new PcapWriter((c) => chunks.push(c));
  conversations.forEach((turns, i) => writeConversation(w, turns, { clientPort: 41000 + i }, 1_763_800_000_000_000 + i * 10_000_000));
  w.flush();
  const pcap = join(dir, 'capture.pcap');
  writeFileSync(pcap, Buffer.concat(chunks));

  const log = join(dir, 'access.log');
  writeFileSync(log, [
    `10.1.2.3 - - [22/Nov/2025:10:00:00 +0000] "GET /v2/orders/991?api_key=${s.logKey} HTTP/1.1" 200 512 "-" "curl/8.5"`,
    `10.1.2.4 - - [22/Nov/2025:10:00:01 +0000] "GET /v2/orders?status=open&token=${s.logToken} HTTP/1.1" 200 80 "https://app.corp.test/?token=${s.logToken}" "curl/8.5"`,
    `10.1.2.5 - svc-batch [22/Nov/2025:10:00:02 +0000] "GET /v2/export?user=svc-batch&password=${s.logPassword} HTTP/1.1" 401 0 "-" "curl/8.5"`,
    // Credentials in the path itself (reset links, webhook URLs), each seen once: the template must not keep them.
    `10.1.2.6 - - [22/Nov/2025:10:00:03 +0000] "GET /v2/password-reset/${s.logResetToken}/confirm HTTP/1.1" 200 12 "-" "curl/8.5"`,
    `10.1.2.7 - - [22/Nov/2025:10:00:04 +0000] "POST /v2/hooks/T0001/${s.logWebhookKey} HTTP/1.1" 200 2 "-" "curl/8.5"`,
    `10.1.2.8 - - [22/Nov/2025:10:00:05 +0000] "GET /v2/download/${s.downloadToken} HTTP/1.1" 200 12 "-" "curl/8.5"`,
    `10.1.2.9 - - [22/Nov/2025:10:00:06 +0000] "POST /hooks/catch/1234567/${s.zapierKey}/ HTTP/1.1" 200 2 "-" "curl/8.5"`,
    `10.1.2.10 - - [22/Nov/2025:10:00:07 +0000] "GET /(S(${s.aspNetSession}))/orders.aspx HTTP/1.1" 200 12 "-" "curl/8.5"`,
    `10.1.2.12 - - [22/Nov/2025:10:00:09 +0000] "GET /v2/img/300x200/https%3A%2F%2Fcdn.corp.test%2Fa.jpg%3Fsig%3D${s.imgSig} HTTP/1.1" 200 12 "-" "curl/8.5"`,
    `10.1.2.13 - - [22/Nov/2025:10:00:10 +0000] "GET /v2/s/${s.colonToken[0]}Q7%3Ax${s.colonToken[1]}9Z HTTP/1.1" 200 12 "-" "curl/8.5"`,
    `10.1.2.14 - - [22/Nov/2025:10:00:11 +0000] "GET /v2/cars;api_key=${s.matrixKey}/42 HTTP/1.1" 200 12 "-" "curl/8.5"`,
    `10.1.2.15 - - [22/Nov/2025:10:00:12 +0000] "GET /v2/items?page%3D2%26api_key%3D${s.twiceKey} HTTP/1.1" 200 12 "-" "curl/8.5"`,
    `10.1.2.16 - - [22/Nov/2025:10:00:13 +0000] "GET /v2/dl?${s.bareBase64[0]}Q7/x${s.bareBase64[1]}+9Z== HTTP/1.1" 200 12 "-" "curl/8.5"`,
  ].join('\n') + '\n');

  const har = join(dir, 'traffic.har');
  const entry = (method: string, url: string, headers: { name: string; value: string }[], extra: Record<string, unknown> = {}, response: Record<string, unknown> = {}) => ({
    startedDateTime: '2025-11-22T10:00:00.000Z', time: 12,
    request: { method, url, httpVersion: 'HTTP/1.1', headers, queryString: [], cookies: [], headersSize: -1, bodySize: -1, ...extra },
    response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [], cookies: [], content: { size: 2, mimeType: 'application/json', text: '{}' }, redirectURL: '', headersSize: -1, bodySize: 2, ...response },
    cache: {}, timings: { send: 0, wait: 10, receive: 2 },
  });
  writeFileSync(har, JSON.stringify({
    log: {
      version: '1.2', creator: { name: 'lantern-test', version: '1' },
      entries: [
        entry('GET', `https://shop.corp.test/api/cart?key=${s.harQuery}`, [{ name: 'Authorization', value: `Bearer ${s.harBearer}` }], { queryString: [{ name: 'key', value: s.harQuery }] }),
        entry('GET', 'https://shop.corp.test/api/me', [{ name: 'Cookie', value: `sid=${s.harCookie}` }], { cookies: [{ name: 'sid', value: s.harCookie }] }),
        entry('POST', 'https://shop.corp.test/api/login', [{ name: 'Content-Type', value: 'application/json' }], { postData: { mimeType: 'application/json', text: JSON.stringify({ user: 'ann', password: s.harBody }) } }, {
          headers: [{ name: 'Set-Cookie', value: `sid=${s.harResponse}` }],
          content: { size: 80, mimeType: 'application/json', text: JSON.stringify({ token: s.harResponse }) },
        }),
        entry('GET', 'https://shop.corp.test/api/stock', [{ name: 'x-api-key', value: s.harApiKey }]),
        entry('GET', 'https://shop.corp.test/api/objects', [{ name: 'X-Storage-Token', value: s.harVendorToken }]),
        entry('GET', 'https://shop.corp.test/api/search', [], { queryString: [{ name: 'private%5Ftoken', value: s.harQueryStringKey }] }),
      ],
    },
  }));

  const otlpDocument = {
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'billing' } }] },
      scopeSpans: [{
        spans: [{
          traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'GET /v3/invoices/{id}', kind: 2,
          startTimeUnixNano: '1763805600000000000', endTimeUnixNano: '1763805600050000000',
          attributes: [
            { key: 'http.request.method', value: { stringValue: 'GET' } },
            { key: 'url.full', value: { stringValue: `https://billing.corp.test/v3/invoices/77?api_key=${s.otlpQuery}` } },
            { key: 'url.path', value: { stringValue: '/v3/invoices/77' } },
            { key: 'url.query', value: { stringValue: `api_key=${s.otlpQuery}` } },
            { key: 'server.address', value: { stringValue: 'billing.corp.test' } },
            { key: 'http.route', value: { stringValue: '/v3/invoices/{id}' } },
            { key: 'http.response.status_code', value: { intValue: '200' } },
            { key: 'http.request.header.authorization', value: { arrayValue: { values: [{ stringValue: `Bearer ${s.otlpAuth}` }] } } },
          ],
        }, {
          // A tracer that fills http.route with the request's target, query and all.
          traceId: '0af7651916cd43dd8448eb211c80319d', spanId: 'b7ad6b7169203332', name: 'GET', kind: 2,
          startTimeUnixNano: '1763805601000000000', endTimeUnixNano: '1763805601050000000',
          attributes: [
            { key: 'http.request.method', value: { stringValue: 'GET' } },
            { key: 'url.path', value: { stringValue: '/v3/receipts/78' } },
            { key: 'server.address', value: { stringValue: 'billing.corp.test' } },
            { key: 'http.route', value: { stringValue: `/v3/receipts/78?api_key=${s.otlpRouteQuery}` } },
            { key: 'http.response.status_code', value: { intValue: '200' } },
          ],
        }],
      }],
    }],
  };
  // HAProxy's `capture request header X-Access-Token`: a JWT where a captured Host would stand (until 6 Dec the host).
  const capturedJwt = `${b64url('{"alg":"HS256"}')}.${b64url('{"sub":"svc-2"}')}.${secret('CapturedSig')}`;
  const haproxy = join(dir, 'haproxy.log');
  writeFileSync(haproxy, `10.1.2.11:41000 [22/Nov/2025:10:00:08.856] fe be/s 0/0/0/1/1 200 156 - - ---- 1/1/0/0/0 0/0 {${capturedJwt}} "GET /v4/items HTTP/1.1"\n`);

  const otlp = join(dir, 'traces.otlp.json');
  writeFileSync(otlp, JSON.stringify(otlpDocument));

  return {
    files: [pcap, log, har, otlp, haproxy],
    otlpDocument,
    secrets: {
      'pcap.bearer-jwt': [jwt, jwtSignature],
      'pcap.basic-password': [basic, basicPassword],
      'pcap.cookie': [s.cookie],
      'pcap.set-cookie': [s.setCookie],
      'pcap.x-api-key': [s.apiKey],
      'pcap.query-api-key': [s.queryKey],
      'pcap.query-access-token': [s.queryToken],
      'pcap.body-password': [s.bodyPassword],
      'pcap.response-token': [s.responseToken],
      'log.query-api-key': [s.logKey],
      'log.query-token': [s.logToken],
      'log.basic-user-password': [s.logPassword],
      'log.path-reset-token': [s.logResetToken],
      'log.path-webhook-key': [s.logWebhookKey],
      'har.bearer': [s.harBearer],
      'har.cookie': [s.harCookie],
      'har.query-key': [s.harQuery],
      'har.body-password': [s.harBody],
      'har.response-token': [s.harResponse],
      'har.x-api-key': [s.harApiKey],
      'har.x-vendor-token': [s.harVendorToken],
      'har.query-string-only': [s.harQueryStringKey],
      'otlp.authorization': [s.otlpAuth],
      'otlp.query-key': [s.otlpQuery],
      'otlp.route-query-key': [s.otlpRouteQuery],
      'log.path-download-token': [s.downloadToken],
      'log.path-zapier-key': [s.zapierKey],
      'log.path-aspnet-session': [s.aspNetSession],
      // Lower-cased too: hosts are stored so.
      'haproxy.captured-jwt': [capturedJwt, capturedJwt.toLowerCase()],
      'log.path-escaped-query-sig': [s.imgSig],
      'log.path-colon-token': s.colonToken,
      'log.path-matrix-key': [s.matrixKey],
      'log.query-twice-encoded-key': [s.twiceKey],
      'log.query-bare-base64': s.bareBase64,
    },
  };
}

/** Which secrets occur in `haystack`, in any of their encodings (raw, URL-encoded, base64 of the raw value). */
export function findSecrets(haystack: string | Buffer, secrets: Record<string, string[]>): string[] {
  const text = typeof haystack === 'string' ? haystack : haystack.toString('latin1');
  const found: string[] = [];
  for (const [name, values] of Object.entries(secrets)) {
    const forms = values.flatMap((v) => [v, encodeURIComponent(v), Buffer.from(v).toString('base64').replace(/=+$/, '')]);
    if (forms.some((f) => text.includes(f))) found.push(name);
  }
  return found;
}
