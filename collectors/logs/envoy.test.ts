import { expect, test } from 'vitest';
import { createEnvoyFormat } from './envoy';
import { envoyJsonFormat } from './envoy-json';
import { createJsonLinesFormat } from './json-lines';
import { parseOne, TEST_KEY } from './test-helpers';

const envoy = createEnvoyFormat(TEST_KEY);

test('reads the default Envoy format', () => {
  const line = '[2019-04-08T16:16:55.931Z] "GET /service/1?x=1 HTTP/1.1" 200 - 0 89 5 4 "-" "curl/7.54.0" "c219f6da" "localhost:8000" "172.27.0.3:80"';
  expect(parseOne(envoy, line).records).toEqual([{
    ts: '2019-04-08T16:16:55.931Z', transport: 'http/1.1', method: 'GET', path: '/service/1', query: ['x'], status: 200,
    responseBytes: 89, latencyMs: 5, userAgent: 'curl/7.54.0', host: 'localhost:8000', source: { file: 't.log', line: 1 },
  }]);
});

test("reads Istio's longer text default (details, termination, failure reason before the counts)", () => {
  const line = '[2023-05-02T10:11:12.123Z] "POST /api/pay HTTP/2" 503 UF upstream_reset_before_response_started{connection_failure} - "delayed_connect_error:_111" 120 91 3 - "10.0.0.1" "grpc-go/1.54" "9f1c" "payments.svc:8080" "10.4.2.7:8080" outbound|8080||payments.svc 10.4.1.1:40000 10.96.0.12:8080 10.4.1.1:39998 - default';
  expect(parseOne(envoy, line).records).toEqual([{
    ts: '2023-05-02T10:11:12.123Z', transport: 'h2', method: 'POST', path: '/api/pay', status: 503, requestBytes: 120,
    responseBytes: 91, latencyMs: 3, userAgent: 'grpc-go/1.54', host: 'payments.svc:8080', src: '10.4.1.1:39998',
    dst: '10.96.0.12:8080', source: { file: 't.log', line: 1 },
  }]);
});

test('Istio text with `-` response-code details is still told apart from the default format', () => {
  const line = '[2023-05-02T10:11:12.123Z] "GET /ok HTTP/1.1" 200 - - - "-" 0 5 1 1 "-" "curl/8" "id" "web:80" "10.4.2.7:80" inbound|80|| 127.0.0.6:1 10.4.2.7:80 10.4.1.1:5000 - default';
  expect(parseOne(envoy, line).records[0]).toMatchObject({ path: '/ok', status: 200, responseBytes: 5, latencyMs: 1, userAgent: 'curl/8', host: 'web', src: '10.4.1.1:5000' });
});

test('TCP proxy lines are skipped, not malformed; other text is invalid', () => {
  expect(parseOne(envoy, '[2019-04-08T16:50:12.533Z] "- - -" 0 - 87 254 4 - "-" "-" "-" "-" "172.27.0.2:80"').status).toBe('skip');
  expect(parseOne(envoy, '[2019-04-08T16:50:12.533Z] "GET / HTTP/1.1" 200').status).toBe('invalid');
  expect(parseOne(envoy, '[not-a-time] "GET / HTTP/1.1" 200 - 0 0 0 - "-" "-" "-" "-" "-"').status).toBe('invalid');
});

test("a codec error Istio logs (`\"- - HTTP/1.1\" 400 DPE`) keeps its status and addresses; unanswered, it is skipped", () => {
  // Istio gateway lines from istio/istio discussions (2022, 2024): the request never parsed, the answer is a 400.
  const line = '[2022-10-11T14:07:30.560Z] "- - HTTP/1.1" 400 DPE http1.codec_error - "-" 0 11 0 - "-" "-" "-" "-" "-" - - 192.168.1.2:8080 192.168.10.1:40934 - - "Internal"';
  expect(parseOne(envoy, line).records).toEqual([{
    ts: '2022-10-11T14:07:30.560Z', transport: 'http/1.1', status: 400, responseBytes: 11, latencyMs: 0,
    src: '192.168.10.1:40934', dst: '192.168.1.2:8080', source: { file: 't.log', line: 1 },
  }]);
  expect(parseOne(envoy, '[2019-04-08T16:16:55.931Z] "- - HTTP/1.1" 400 DPE 0 11 0 - "-" "-" "-" "-" "-"').records[0]).toMatchObject({ status: 400 });
  expect(parseOne(envoy, '[2019-04-08T16:16:55.931Z] "- - HTTP/1.1" 0 DC 0 0 0 - "-" "-" "-" "-" "-"').status).toBe('skip');
  expect(parseOne(envoy, '[2019-04-08T16:16:55.931Z] "-" x DC 0 0 0 - "-" "-" "-" "-" "-"').status).toBe('invalid');
});

test('a downstream address with port 0 (taken from X-Forwarded-For) is the address alone, in text and in JSON', () => {
  const line = '[2023-05-02T10:11:12.123Z] "GET /ok HTTP/1.1" 200 - - - "-" 0 5 1 1 "-" "curl/8" "id" "web:80" "10.4.2.7:80" inbound|80|| 127.0.0.6:1 10.4.2.7:80 10.4.1.1:0 - default';
  expect(parseOne(envoy, line).records[0].src).toBe('10.4.1.1');
  const json = createJsonLinesFormat([envoyJsonFormat], [], TEST_KEY, 'envoy');
  const entry = '{"start_time":"2022-09-08T12:51:05.656Z","method":"GET","path":"/r","response_code":200,"downstream_remote_address":"[2a02:cf40::4e36]:0"}';
  expect(parseOne(json, entry).records[0].src).toBe('2a02:cf40::4e36');
});

test("the default format's X-Forwarded-For gives the client as Envoy trusts it: the hop nearest Envoy", () => {
  const line = (xff: string) => `[2019-04-11T00:51:07.980Z] "GET /elastic/ HTTP/1.1" 301 - 0 0 41 39 "${xff}" "curl/7.59.0" "078d1daa" "www.elastic.co" "192.168.1.10:80"`;
  expect(parseOne(envoy, line('172.17.0.3')).records[0].src).toBe('172.17.0.3');
  // Every proxy appends the address it was called from; the entries further left are the client's to write. Envoy's
  // %DOWNSTREAM_REMOTE_ADDRESS% (xff_num_trusted_hops 0) is the last, as the JSON reader gets it, and the combined
  // reader takes the address after an X-Forwarded-For list.
  expect(parseOne(envoy, line('203.0.113.9, 10.0.0.1,198.51.100.4')).records[0].src).toBe('198.51.100.4');
  expect(parseOne(envoy, line('203.0.113.9, 2001:db8::7')).records[0].src).toBe('2001:db8::7');
  expect(parseOne(envoy, line('-')).records[0]).not.toHaveProperty('src');
  expect(parseOne(envoy, line('10.0.0.1, unknown')).records[0]).not.toHaveProperty('src');
  // Istio logs the downstream address itself: it wins.
  const istio = '[2023-05-02T10:11:12.123Z] "GET /ok HTTP/1.1" 200 - - - "-" 0 5 1 1 "203.0.113.9" "curl/8" "id" "web:80" "10.4.2.7:80" inbound|80|| 127.0.0.6:1 10.4.2.7:80 10.4.1.1:5000 - default';
  expect(parseOne(envoy, istio).records[0].src).toBe('10.4.1.1:5000');
});

test('a request that got no response (`0 DC`, `response_code: 0`) has no response size or latency, in text and in JSON', () => {
  // Envoy logs the client gone before any answer as code 0 with `bytes_sent` 0 and the time to the disconnect: until
  // 6 Dec a 0-byte response that never came and a latency to no answer, where HAR and capture records have neither.
  const text = parseOne(envoy, '[2023-05-02T10:11:12.123Z] "POST /api/pay HTTP/1.1" 0 DC 120 0 5012 - "10.0.0.1" "curl/8" "id" "pay:80" "-"').records[0];
  expect(text).toEqual({ ts: '2023-05-02T10:11:12.123Z', transport: 'http/1.1', method: 'POST', path: '/api/pay', requestBytes: 120, userAgent: 'curl/8', host: 'pay', src: '10.0.0.1', source: { file: 't.log', line: 1 } });
  const json = createJsonLinesFormat([envoyJsonFormat], [], TEST_KEY, 'envoy');
  const entry = '{"start_time":"2022-09-08T12:51:05.656Z","method":"GET","path":"/r","protocol":"HTTP/1.1","response_code":0,"response_flags":"DC","bytes_received":0,"bytes_sent":0,"duration":3001}';
  expect(parseOne(json, entry).records[0]).toEqual({ ts: '2022-09-08T12:51:05.656Z', transport: 'http/1.1', method: 'GET', path: '/r', source: { file: 't.log', line: 1 } });
});
