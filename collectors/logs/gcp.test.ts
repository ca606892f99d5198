import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { Exchange } from '../../lib/exchange';
import { extractLogs } from './extract-logs';
import { gcpHttpRequestFormat } from './gcp';
import { createJsonLinesFormat } from './json-lines';
import { parseOne, TEST_KEY } from './test-helpers';

const gcp = createJsonLinesFormat([gcpHttpRequestFormat], [], TEST_KEY, 'gcp');

// Shaped like a Cloud Load Balancing request log entry in a Cloud Storage sink (LogEntry JSON mapping).
const entry = (http: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
  insertId: '1oek5rg3l3fxj7', logName: 'projects/p/logs/requests', severity: 'INFO',
  resource: { type: 'http_load_balancer', labels: { project_id: 'p' } },
  jsonPayload: { '@type': 'type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry', statusDetails: 'response_sent_by_backend' },
  httpRequest: {
    requestMethod: 'POST', requestUrl: 'https://api.example.com/v1/orders/42?expand=items&key=AIzaSecret', requestSize: '812',
    status: 201, responseSize: '1450', userAgent: 'okhttp/4.12.0', remoteIp: '2001:db8::7', serverIp: '10.128.0.5',
    latency: '0.012345678s', protocol: 'HTTP/1.1', ...http,
  },
  timestamp: '2026-12-04T13:46:33.123456Z', receiveTimestamp: '2026-12-04T13:46:34.2Z', ...over,
});

test('reads a load balancer request entry: absolute URL, whole-message sizes, a key in the URL as evidence', () => {
  const { status, records } = parseOne(gcp, JSON.stringify(entry({})));
  expect(status).toBe('ok');
  expect(records).toEqual([{
    ts: '2026-12-04T13:46:33.123Z', src: '2001:db8::7', dst: '10.128.0.5', transport: 'http/1.1', method: 'POST',
    host: 'api.example.com', scheme: 'https', path: '/v1/orders/42', query: ['expand', 'key'], status: 201, latencyMs: 12.345678,
    requestBytes: 812, responseBytes: 1450, userAgent: 'okhttp/4.12.0',
    auth: [{ kind: 'api-key:key', fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) }],
    source: { file: 't.log', line: 1 },
  }]);
  expect(JSON.stringify(records)).not.toContain('AIzaSecret');
});

test('addresses with ports, HTTP/2, a Duration object, a non-default port kept in the host', () => {
  const [ex] = parseOne(gcp, JSON.stringify(entry({
    requestUrl: 'http://81.2.69.193:8080/static/a.jpg', remoteIp: '89.160.20.156:9989', serverIp: '10.5.3.1:9090',
    protocol: 'HTTP/2.0', latency: { seconds: 1, nanos: 500000000 },
  }))).records;
  expect(ex).toMatchObject({ src: '89.160.20.156:9989', dst: '10.5.3.1:9090', transport: 'h2', host: '81.2.69.193:8080', scheme: 'http', latencyMs: 1500 });
});

test("the service's own output in the same log is skipped; a request entry without method or URL is malformed", () => {
  const own = { logName: 'projects/p/logs/run.googleapis.com%2Fstdout', textPayload: 'listening on 8080', timestamp: '2026-12-04T13:46:33Z' };
  expect(parseOne(gcp, JSON.stringify(own)).status).toBe('skip');
  expect(parseOne(gcp, JSON.stringify(entry({ requestMethod: undefined, requestUrl: undefined }))).status).toBe('invalid');
  expect(parseOne(gcp, JSON.stringify(entry({}, { timestamp: 'now', receiveTimestamp: undefined }))).status).toBe('invalid');
  expect(parseOne(gcp, JSON.stringify(entry({ latency: '12 ms' }))).records[0].latencyMs).toBeUndefined();
});

test('`gcloud logging read --format=json` output (one JSON array) is sniffed and read', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'lantern-gcp-')), 'requests.json');
  const own = { logName: 'projects/p/logs/stdout', textPayload: 'ready', timestamp: '2026-12-04T13:46:30Z' };
  writeFileSync(file, JSON.stringify([entry({}), own, entry({ requestUrl: 'https://api.example.com/v1/health', requestMethod: 'GET', status: 200 })], null, 2));
  const records: Exchange[] = [];
  const report = await extractLogs([file], { fingerprintKey: TEST_KEY }, (ex) => records.push(ex));
  expect(report.errors).toEqual([]);
  expect(records.map((r) => [r.method, r.path, r.status, r.source])).toEqual([
    ['POST', '/v1/orders/42', 201, { file, line: 1 }], ['GET', '/v1/health', 200, { file, line: 3 }],
  ]);
  expect(report.stats).toMatchObject({ malformed: 0, skipped: 1 });
});

test('a response with no body (HEAD, 304) is size 0: responseSize counts its headers, and the record\'s size is the body', () => {
  const size = (http: Record<string, unknown>) => parseOne(gcp, JSON.stringify(entry(http))).records[0].responseBytes;
  expect([size({ requestMethod: 'HEAD', status: 200 }), size({ requestMethod: 'GET', status: 304 })]).toEqual([0, 0]);
  expect(size({ requestMethod: 'GET', status: 200 })).toBe(1450);
});

test('timestamps and latency as Google documents LogEntry: RFC 3339 to the nanosecond, any offset; a Duration string', () => {
  // LogEntry.timestamp is when the event occurred, receiveTimestamp when Logging got it (seconds or days later for a
  // delayed write): ts is the first. 0, 3, 6 or 9 fractional digits, Z-normalized in Google's output, offsets accepted.
  const read = (over: Record<string, unknown>, http: Record<string, unknown> = {}) => parseOne(gcp, JSON.stringify(entry(http, over))).records[0];
  expect(read({ timestamp: '2026-12-04T13:46:33.987654321Z', receiveTimestamp: '2026-12-06T09:00:00.000000001Z' }).ts).toBe('2026-12-04T13:46:33.987Z');
  expect(read({ timestamp: '2026-12-04T14:46:33.5+01:00' }).ts).toBe('2026-12-04T13:46:33.500Z');
  expect(read({ timestamp: '2026-12-04T13:46:33Z' }).ts).toBe('2026-12-04T13:46:33.000Z');
  // httpRequest.latency: seconds with up to nine fractional digits and an `s` (Duration's JSON mapping), kept to the nanosecond.
  expect([read({}, { latency: '3.5s' }).latencyMs, read({}, { latency: '0.000000001s' }).latencyMs, read({}, { latency: '0s' }).latencyMs]).toEqual([3500, 0.000001, 0]);
});
