import { expect, test } from 'vitest';
import { createAlbFormat } from './alb';
import { parseOne, TEST_KEY } from './test-helpers';

const alb = createAlbFormat(TEST_KEY);

test('reads an ALB access-log entry (AWS docs example, HTTP/2)', () => {
  const line = 'h2 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 10.0.1.252:48160 10.0.0.66:9000 0.000 0.002 0.000 200 200 5 257 "GET https://10.0.2.105:773/?x=1 HTTP/2.0" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337327-72bd00b0343d75b906739c42" "-" "-" 1 2018-07-02T22:22:48.364000Z "redirect" "https://example.com:80/" "-" "10.0.0.66:9000" "200" "-" "-"';
  expect(parseOne(alb, line).records).toEqual([{
    ts: '2018-07-02T22:22:48.364Z', src: '10.0.1.252:48160', host: '10.0.2.105:773', scheme: 'https', method: 'GET', path: '/', query: ['x'],
    transport: 'h2', status: 200, latencyMs: 2, requestBytes: 5, responseBytes: 257, userAgent: 'curl/7.46.0', source: { file: 't.log', line: 1 },
  }]);
});

test('-1 processing times (no target reached) leave latency absent; domain_name gives the host', () => {
  const line = 'https 2024-01-01T00:00:00.000000Z app/lb/1 192.0.2.1:1234 - -1 -1 -1 503 - 100 300 "POST https://api.example.com:443/v1/orders HTTP/1.1" "okhttp/4" ECDHE TLSv1.3 - "Root=1" "api.example.com" "arn" 0 2024-01-01T00:00:00.000000Z "forward" "-" "-" "-" "-" "-" "-"';
  const { records } = parseOne(alb, line);
  expect(records[0]).toMatchObject({ host: 'api.example.com', method: 'POST', path: '/v1/orders', status: 503 });
  expect('latencyMs' in records[0]).toBe(false);
});

test('an IPv6 client, which ALB writes without brackets before its port, is [address]:port', () => {
  // An ALB line as a user reported it (allinurl/goaccess#2557), agent shortened.
  const line = 'h2 2023-09-10T23:55:00.361692Z app/I8YR24BIAN4K/6378464905b0814a 2a02:a33c:4538:1:bcf4:5264:e01c:f215:50718 10.0.0.0:80 0.000 0.003 0.000 401 401 29 805 "GET https://api.foo.bar.nl:443/api/v1/alerts/me/outstanding HTTP/2.0" "okhttp/4.11.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:eu-west-1:xxx:targetgroup/ApiTa/4adf8897d8a3b7af "Root=1-64fe5754-33ecd7461b3736944677bb97" "api.foo.bar.nl" "session-reused" 11 2023-09-10T23:55:00.358000Z "forward" "-" "-" "10.0.100.2:80" "401" "-" "-"';
  expect(parseOne(alb, line).records[0].src).toBe('[2a02:a33c:4538:1:bcf4:5264:e01c:f215]:50718');
  expect(parseOne(alb, line.replace('2a02:a33c:4538:1:bcf4:5264:e01c:f215:50718', '2001:db8::1:443')).records[0].src).toBe('[2001:db8::1]:443');
  expect(parseOne(alb, line.replace('2a02:a33c:4538:1:bcf4:5264:e01c:f215:50718', '192.0.2.7:50718')).records[0].src).toBe('192.0.2.7:50718');
});

test('ts is request_creation_time, when the request came: `time` is when the response went (a WebSocket: its close)', () => {
  // A WebSocket open for an hour: ALB writes the entry when it closes.
  const ws = 'wss 2024-01-01T11:00:00.500000Z app/lb/1 192.0.2.1:1234 10.0.0.2:8080 0.001 0.002 0.000 101 101 218 587 "GET https://api.example.com:443/socket HTTP/1.1" "ws-client" ECDHE TLSv1.3 arn "Root=1" "api.example.com" "arn" 1 2024-01-01T10:00:00.250000Z "forward" "-" "-" "10.0.0.2:8080" "101" "-" "-"';
  expect(parseOne(alb, ws).records[0].ts).toBe('2024-01-01T10:00:00.250Z');
  // A line cut before it (older ALBs wrote fewer fields) keeps `time`.
  const short = ws.slice(0, ws.indexOf(' 1 2024-01-01T10:00'));
  expect(parseOne(alb, short).records[0].ts).toBe('2024-01-01T11:00:00.500Z');
});

test('a request ALB could not parse (`- http://<host>:80- -`) keeps the host and scheme it was addressed to, no method or path', () => {
  // Real lines (a scanner's bytes to a plain-HTTP listener): ALB writes its own DNS name, `-` for the path and version.
  const line = 'http 2025-03-01T10:03:17.218099Z app/MyALB1/240dbdc5244653c9 205.210.31.158:61084 - -1 -1 -1 400 - 0 272 "- http://myalb1-878688131.us-east-1.elb.amazonaws.com:80- -" "-" - - - "-" "-" "-" - 2025-03-01T10:03:16.682000Z "-" "-" "-" "-" "-" "-" "-" TID_6cfb27fd2ef25c42932bd6e0ff56d631';
  expect(parseOne(alb, line)).toEqual({ status: 'ok', records: [{
    ts: '2025-03-01T10:03:16.682Z', src: '205.210.31.158:61084', host: 'myalb1-878688131.us-east-1.elb.amazonaws.com', scheme: 'http',
    status: 400, responseBytes: 272, source: { file: 't.log', line: 1 },
  }] });
  const tls = line.replace('http 2025', 'https 2025').replace('http://myalb1-878688131.us-east-1.elb.amazonaws.com:80-', 'https://10.0.0.30:8443-');
  expect(parseOne(alb, tls).records[0]).toMatchObject({ host: '10.0.0.30:8443', scheme: 'https' });
  // Near misses: a `-` request, or a URL with a path after it, is no such line and names no host.
  expect(parseOne(alb, line.replace('"- http://myalb1-878688131.us-east-1.elb.amazonaws.com:80- -"', '"-"')).records[0].host).toBeUndefined();
  expect(parseOne(alb, line.replace('.com:80- -"', '.com:80/x- -"')).records[0].host).toBeUndefined();
});

test('the host is the request URL\'s (the Host the client asked for), not domain_name (the TLS SNI), where they differ', () => {
  // AWS: the request URL is the client's as sent, its host the Host header; domain_name is the SNI of the handshake
  // (a wildcard certificate's connection reused for another name, or a client sending one name and another Host).
  const line = 'https 2024-01-01T00:00:00.000000Z app/lb/1 192.0.2.1:1234 10.0.0.2:8080 0.001 0.002 0.000 200 200 100 300 "GET https://billing.example.com:443/v1/invoices HTTP/1.1" "okhttp/4" ECDHE TLSv1.3 arn "Root=1" "api.example.com" "arn" 1 2024-01-01T00:00:00.000000Z "forward" "-" "-" "10.0.0.2:8080" "200" "-" "-"';
  expect(parseOne(alb, line).records[0]).toMatchObject({ host: 'billing.example.com', path: '/v1/invoices' });
  // Near miss: a request with no URL host (ALB could not parse it) still takes the SNI.
  const unparsed = line.replace('"GET https://billing.example.com:443/v1/invoices HTTP/1.1"', '"-"');
  expect(parseOne(alb, unparsed).records[0].host).toBe('api.example.com');
});

test('a response with no body (HEAD, 304) is size 0: sent_bytes counts its headers, and the record\'s size is the body', () => {
  const line = (verb: string, code: string) => `https 2024-01-01T00:00:00.000000Z app/lb/1 192.0.2.1:1234 10.0.0.2:8080 0.001 0.002 0.000 ${code} ${code} 100 312 "${verb} https://api.example.com:443/v1/a HTTP/1.1" "curl" ECDHE TLSv1.3 arn "Root=1" "api.example.com" "arn" 1 2024-01-01T00:00:00.000000Z "forward" "-" "-" "10.0.0.2:8080" "${code}" "-" "-"`;
  expect(parseOne(alb, line('HEAD', '200')).records[0]).toMatchObject({ responseBytes: 0, requestBytes: 100 });
  expect(parseOne(alb, line('GET', '304')).records[0].responseBytes).toBe(0);
  // Near miss: a GET answered 200 keeps the whole message ALB counted.
  expect(parseOne(alb, line('GET', '200')).records[0].responseBytes).toBe(312);
});

test('ALB\'s `\\xHH` escapes (a quote as `\\x22`) are undone in the request and user agent, as the client sent them', () => {
  // ALB writes a quote inside a quoted field as \x22 (a real line, DataBiosphere/azul#4920: curl '…?bar="'). Until 7 Dec
  // the escapes stayed: `/a\x22b` was the path and `\x22` the agent's, where a capture or a JSON log gives `"`.
  const line = (request: string, agent: string) => `h2 2023-02-07T01:32:22.209968Z app/azul-gitlab-alb/c051f98624e68d7e 172.71.1.216:40684 172.71.0.215:80 0.001 0.005 0.000 400 400 66 49 "${request}" "${agent}" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-1:122796619775:targetgroup/azul-gitlab-http/136c2d6db59941f6 "Root=1-63e1aa26-3bbc289b52c6671f5d00f7b4" "gitlab.example.org" "arn:aws:acm:us-east-1:122796619775:certificate/81241b8e" 0 2023-02-07T01:32:22.200000Z "forward" "-" "-" "172.71.0.215:80" "400" "-" "-"`;
  expect(parseOne(alb, line('GET https://gitlab.example.org:443/QUOTE_EXPERIMENT?bar=\\x22 HTTP/2.0', 'curl/7.85.0')).records[0]).toMatchObject({
    host: 'gitlab.example.org', path: '/QUOTE_EXPERIMENT', query: ['bar'], status: 400, userAgent: 'curl/7.85.0',
  });
  // The quote as nginx's `\\x22` gives it (a printable byte as itself), the rest percent-encoded as a capture spells it.
  const escaped = parseOne(alb, line('GET https://gitlab.example.org:443/a\\x22b/caf\\xC3\\xA9 HTTP/2.0', 'Mozilla/5.0 (Linux; Alba 10\\x22 Build) caf\\xC3\\xA9'));
  expect(escaped.records[0]).toMatchObject({ method: 'GET', path: '/a"b/caf%C3%A9', userAgent: 'Mozilla/5.0 (Linux; Alba 10" Build) café', status: 400 });
  // Near miss: a backslash before anything but `x` and two hex digits is the client's own, kept as sent.
  expect(parseOne(alb, line('GET https://gitlab.example.org:443/a HTTP/2.0', 'tool\\t\\x4')).records[0].userAgent).toBe('tool\\t\\x4');
});

test('a backslash ending a quoted field is the client\'s: the quote after it ends the field (ALB writes a quote as \\x22)', () => {
  // No `\"` is ever ALB's escape, so none hides a closing quote. Until 7 Dec an agent ending in `\` ran on to the next
  // quote: the agent was `tool\" ECDHE TLSv1.3 arn `, the fields after it shifted, and ts was `time`, not request_creation_time.
  const line = 'https 2024-01-01T00:00:01.000000Z app/lb/1 192.0.2.1:1234 10.0.0.2:8080 0.001 0.002 0.000 200 200 100 300 "GET https://api.example.com:443/v1/a\\ HTTP/1.1" "tool\\" ECDHE TLSv1.3 arn "Root=1" "api.example.com" "arn" 1 2024-01-01T00:00:00.000000Z "forward" "-" "-" "10.0.0.2:8080" "200" "-" "-"';
  expect(parseOne(alb, line).records[0]).toMatchObject({ ts: '2024-01-01T00:00:00.000Z', path: '/v1/a\\', userAgent: 'tool\\', status: 200 });
});
