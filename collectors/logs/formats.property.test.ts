import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { exchangeSchema } from '../../lib/exchange';
import { createAlbFormat } from './alb';
import { createCloudFrontFormat } from './cloudfront';
import { compileApacheFormat } from './apache-format';
import { createCombinedFormat } from './combined';
import { createEnvoyFormat } from './envoy';
import { createHaproxyFormat } from './haproxy';
import { createHarFormat } from './har';
import { createIisFormat } from './iis';
import type { LineFormat } from './line-format';
import { compileNginxFormat } from './nginx-format';
import { otlpExchanges } from './otlp';
import { createLineFormats } from './registry';
import { createSquidFormat } from './squid';
import { TEST_KEY } from './test-helpers';

/**
 * Every parser, fed random and mutated lines: it returns a status (never throws), finishes quickly
 * (no backtracking blow-up on long lines), and whatever it emits is a valid exchange record.
 */
const SEEDS: Record<string, string> = {
  combined: '203.0.113.9 - - [10/Oct/2023:13:55:36 -0700] "GET /a/b?x=1&api_key=z HTTP/1.1" 200 512 "-" "curl/8"',
  envoy: '[2019-04-08T16:16:55.931Z] "GET /service/1 HTTP/1.1" 200 - 0 89 5 4 "-" "curl/7.54.0" "id" "localhost:8000" "172.27.0.3:80"',
  haproxy: 'Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"',
  alb: 'https 2024-01-01T00:00:00.000000Z app/lb/1 192.0.2.1:1234 10.0.0.1:80 0.001 0.002 0.000 200 200 100 300 "POST https://api.example.com:443/v1/orders?id=1 HTTP/1.1" "okhttp/4" ECDHE TLSv1.3 arn "Root=1" "api.example.com" "arn" 0 2024-01-01T00:00:00.000000Z "forward" "-" "-" "-" "-" "-" "-"',
  json: '{"request":{"method":"GET","uri":"/v1/me?apikey=1","headers":{"authorization":"Bearer a.b.c","cookie":"a=1"}},"response":{"status":200},"started_at":1700000000000,"latencies":{"request":1}}',
  apigateway: '{"requestId":"r","ip":"1.2.3.4","requestTime":"10/Jun/2023:15:36:28 +0000","httpMethod":"GET","resourcePath":"/pets/{id}","status":"200"}',
  traefik: '{"StartUTC":"2024-01-01T00:00:00Z","RequestMethod":"GET","RequestPath":"/p?q=1","DownstreamStatus":200,"request_Authorization":"Basic eDp5"}',
  istio: '{"start_time":"2022-09-08T12:51:05.656Z","method":"GET","path":"/r/0","response_code":200,"authority":"r:9080","downstream_remote_address":"10.0.0.1:1"}',
  nginxJson: '{"time_iso8601":"2024-03-01T10:00:00+00:00","remote_addr":"10.2.3.4","request":"GET /v1/cart?id=9 HTTP/1.1","status":"200","http_authorization":"Basic eDp5"}',
  caddy: '{"level":"info","ts":1796391652.3866522,"logger":"http.log.access.log0","msg":"handled request","request":{"remote_ip":"127.0.0.1","remote_port":"55470","proto":"HTTP/2.0","method":"POST","host":"api.example:8080","uri":"/v1/users/42?api_key=k","headers":{"Authorization":["Bearer a.b.c"],"Cookie":[]},"tls":{"server_name":"api.example","proto":"h2"}},"duration":"1.5ms","size":20,"status":200,"resp_headers":{"Content-Type":["application/json"],"Sunset":["x"]}}',
  gcp: '{"httpRequest":{"requestMethod":"GET","requestUrl":"https://api.example.com:8443/v1/x/42?key=k","requestSize":"577","status":304,"responseSize":"157","remoteIp":"[2001:db8::1]:9989","serverIp":"10.5.3.1:9090","latency":{"seconds":1,"nanos":5},"protocol":"HTTP/2.0"},"logName":"projects/p/logs/requests","timestamp":"2020-06-08T23:41:30.078651Z"}',
  azure: '{"records":[{"category":"FrontdoorAccessLog","resourceId":"/S/R","time":"2021-12-15T03:10:11.6479719Z","properties":{"clientIp":"89.160.20.128","clientPort":"50382","httpMethod":"POST","httpStatusCode":"200","httpVersion":"2.0.0.0","requestBytes":"2545","requestUri":"https://erp.example.com:443/a?access_token=t","responseBytes":"1205","timeTaken":"0.384"}}]}',
  appGateway: '{"timeStamp":"2026-12-04T13:46:33+00:00","resourceId":"/S/A","category":"ApplicationGatewayAccessLog","properties":{"instanceId":"appgw_2","clientIP":"185.42.129.24","clientPort":45057,"httpMethod":"GET","originalRequestUriWithArgs":"/v2/u/17?f=n","httpStatus":200,"timeTaken":0.034}}',
  squid: '1796395370.465     15 10.0.0.7 TCP_MISS/200 242 GET http://api.partner.example/v2/rates/42?key=k - HIER_DIRECT/203.0.113.9 application/json',
  cloudfront: '2019-12-04\t21:02:31\tLAX1\t392\t2001:db8::7\tGET\td1.cloudfront.net\t/index.html\t200\t-\tcurl/8\tapi_key=k&a=1\tsid=1\tHit\tSOX4==\tapi.example\thttps\t23\t0.001\t-\tTLSv1.2\tECDHE\tHit\tHTTP/2.0\t-\t-\t11040\t0.001\tHit\ttext/html\t78\t-\t-',
  iis: '2024-05-01 09:00:05 2001:db8::4 GET /api/orders/42 api_key=k&a=1 443 CONTOSO\\jdoe 192.0.2.9 Mozilla/5.0+(Windows+NT+10.0) - 200 0 0 1250',
  nginxFormat: '198.51.100.7:51234 api.example.com [2024-03-01T10:00:00+01:00] "GET /v2/users/42?fields=name HTTP/2.0" 200 1834 0.012 "Bearer x"',
  apacheFormat: 'www.example.org 192.0.2.10 [05/Mar/2024:08:00:00 +0000] "GET /account HTTP/1.1" 200 4512 23500 "sid=abc"',
};

const formats: Array<[string, LineFormat, string]> = [
  ['combined', createCombinedFormat(TEST_KEY), SEEDS.combined],
  ['envoy', createEnvoyFormat(TEST_KEY), SEEDS.envoy],
  ['haproxy', createHaproxyFormat(TEST_KEY), SEEDS.haproxy],
  ['alb', createAlbFormat(TEST_KEY), SEEDS.alb],
  ['squid', createSquidFormat(TEST_KEY), SEEDS.squid],
  ['cloudfront', createCloudFrontFormat(TEST_KEY), SEEDS.cloudfront],
  ['iis', createIisFormat(TEST_KEY), SEEDS.iis],
  ['json (kong)', jsonFormat(), SEEDS.json],
  ['json (apigateway)', jsonFormat(), SEEDS.apigateway],
  ['json (traefik)', jsonFormat(), SEEDS.traefik],
  ['json (envoy/istio)', jsonFormat(), SEEDS.istio],
  ['json (nginx escape=json)', jsonFormat(), SEEDS.nginxJson],
  ['json (caddy)', jsonFormat(), SEEDS.caddy],
  ['json (gcp)', jsonFormat(), SEEDS.gcp],
  ['json (azure front door, event hub batch)', jsonFormat(), SEEDS.azure],
  ['json (azure application gateway)', jsonFormat(), SEEDS.appGateway],
  ['nginx log_format', compileNginxFormat('$remote_addr:$remote_port $host [$time_iso8601] "$request" $status $body_bytes_sent $request_time "$http_authorization"', TEST_KEY), SEEDS.nginxFormat],
  ['apache LogFormat', compileApacheFormat('%v %a %t \\"%r\\" %>s %b %D \\"%{Cookie}i\\"', TEST_KEY), SEEDS.apacheFormat],
];

function jsonFormat(): LineFormat {
  return createLineFormats({ fingerprintKey: TEST_KEY }).candidates.find((f) => f.name === 'json')!;
}

/** A seed line with random edits: characters replaced, inserted, deleted, or a slice repeated. */
const mutated = (seed: string) =>
  fc.array(fc.tuple(fc.nat(seed.length), fc.nat(4), fc.string({ maxLength: 8, unit: 'binary' })), { maxLength: 6 }).map((edits) => {
    let s = seed;
    for (const [at, kind, text] of edits) {
      const i = Math.min(at, s.length);
      if (kind === 0) s = s.slice(0, i) + text + s.slice(i + 1);
      else if (kind === 1) s = s.slice(0, i) + text + s.slice(i);
      else if (kind === 2) s = s.slice(0, i) + s.slice(i + text.length + 1);
      else if (kind === 3) s = s.slice(0, i) + s.slice(i, i + 20).repeat(200) + s.slice(i);
      else s = s.slice(0, i) + '"'.repeat(text.length + 1) + s.slice(i);
    }
    return s;
  });

describe.each(formats)('%s', (_name, format, seed) => {
  test('never throws, emits only valid records, on random and mutated lines', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 400, unit: 'binary' }), mutated(seed)), (line) => {
        const emitted: unknown[] = [];
        const status = format.parse(line, { file: 'p.log', line: 1 }, (ex) => emitted.push(ex));
        expect(['ok', 'skip', 'invalid']).toContain(status);
        for (const ex of emitted) expect(exchangeSchema.safeParse(ex).error).toBeUndefined();
        if (status !== 'ok') expect(emitted).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  test('the seed line itself parses', () => {
    const emitted: unknown[] = [];
    expect(format.parse(seed, { file: 'p.log', line: 1 }, (ex) => emitted.push(ex))).toBe('ok');
    expect(emitted).toHaveLength(1);
  });
});

test('a 1 MiB line of quotes and brackets is refused by every line format (no backtracking: the test timeout would catch it)', () => {
  const hostile = `1.2.3.4 - - [${'["'.repeat(1 << 19)}`;
  for (const [, format] of formats) expect(format.parse(hostile, { file: 'p.log', line: 1 }, () => {})).toBe('invalid');
});

const text = fc.string({ maxLength: 40, unit: 'binary' });
/** Sizes as HAR writers (or damage) put them: small ints, -1, fractions, and counts past 2^53. */
const size = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-1, 1e300, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER));
const harEntry = fc.record({
  startedDateTime: fc.oneof(text, fc.constant('2024-01-01T00:00:00.000Z')),
  time: fc.oneof(fc.double(), fc.integer()),
  request: fc.record({
    method: fc.oneof(text, fc.constant('GET')),
    url: fc.oneof(text, fc.webUrl({ withQueryParameters: true, withFragments: true })),
    httpVersion: text,
    headers: fc.array(fc.record({ name: fc.oneof(text, fc.constantFrom('Authorization', 'Cookie', 'Host', 'X-Api-Key')), value: text }), { maxLength: 4 }),
    queryString: fc.array(fc.record({ name: text, value: text }), { maxLength: 3 }),
    postData: fc.record({ mimeType: text, text }),
    bodySize: size,
  }),
  response: fc.record({ status: fc.integer(), bodySize: size, content: fc.record({ mimeType: text, text, size, encoding: fc.constantFrom('base64', 'x') }), headers: fc.constant([]) }),
}, { requiredKeys: [] });

test('HAR entries with random fields never throw and emit only valid records', () => {
  const har = createHarFormat(TEST_KEY);
  fc.assert(
    fc.property(fc.array(fc.oneof(harEntry, fc.jsonValue({ maxDepth: 3 })), { maxLength: 5 }), (entries) => {
      const emitted: unknown[] = [];
      har.parseDocument({ log: { entries } }, 'x.har', (ex) => emitted.push(ex), '2024-01-01T00:00:00.000Z');
      for (const ex of emitted) expect(exchangeSchema.safeParse(ex).error).toBeUndefined();
    }),
    { numRuns: 500 },
  );
});

test('HAR and OTLP documents of random JSON never throw and emit only valid records', () => {
  const har = createHarFormat(TEST_KEY);
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 5 }), fc.jsonValue({ maxDepth: 4 }), (entry, attrs) => {
      const emitted: unknown[] = [];
      const doc = { log: { entries: [entry, { startedDateTime: '2024-01-01T00:00:00Z', request: entry, response: attrs }] } };
      if (har.matches(doc)) har.parseDocument(doc, 'x.har', (ex) => emitted.push(ex), '2024-01-01T00:00:00.000Z');
      otlpExchanges({ resourceSpans: [{ scopeSpans: [{ spans: [entry, { kind: 2, startTimeUnixNano: '1', attributes: attrs }] }] }] }, 'x', 1, TEST_KEY, (ex) => emitted.push(ex));
      for (const ex of emitted) expect(exchangeSchema.safeParse(ex).error).toBeUndefined();
    }),
    { numRuns: 300 },
  );
});
