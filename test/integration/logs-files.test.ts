import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { SHARED_FIXTURES } from '../require';
import { countingUnits } from '../../collectors/directory-inputs';
import { runExtract } from './logs-cli';

/** Files as they come off real servers: rotated sets, gzip, damage and garbage, through the CLI. */
const line = (i: number, status = 200) => `10.0.0.${i % 250} - - [01/Jan/2024:00:00:${String(i % 60).padStart(2, '0')} +0000] "GET /item/${i} HTTP/1.1" ${status} 10 "-" "curl/8"`;
const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => line(from + k)).join('\n') + '\n';

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'lantern-logs-'));
}

test('a rotated set is read oldest first, whatever the order given', () => {
  const d = dir();
  writeFileSync(join(d, 'access.log.2.gz'), gzipSync(lines(0, 3)));
  writeFileSync(join(d, 'access.log.1'), lines(3, 6));
  writeFileSync(join(d, 'access.log'), lines(6, 9));
  const { records, status, stderr } = runExtract([join(d, 'access.log'), join(d, 'access.log.1'), join(d, 'access.log.2.gz')]);
  expect(status, stderr).toBe(0);
  expect(records.map((r) => r.path)).toEqual(Array.from({ length: 9 }, (_, i) => `/item/${i}`));
  expect(records.map((r) => [r.source?.file.split('/').pop(), r.source?.line])).toEqual([
    ['access.log.2.gz', 1], ['access.log.2.gz', 2], ['access.log.2.gz', 3], ['access.log.1', 1], ['access.log.1', 2], ['access.log.1', 3],
    ['access.log', 1], ['access.log', 2], ['access.log', 3],
  ]);
});

test('a directory of rotated logs is read like its files named one by one; one holding captures too reads both', () => {
  const d = dir();
  writeFileSync(join(d, 'access.log.2.gz'), gzipSync(lines(0, 3)));
  writeFileSync(join(d, 'access.log.1'), lines(3, 6));
  writeFileSync(join(d, 'access.log'), lines(6, 9));
  const named = runExtract([join(d, 'access.log'), join(d, 'access.log.1'), join(d, 'access.log.2.gz')]);
  const whole = runExtract([d]);
  expect(whole.status, whole.stderr).toBe(0);
  expect(whole.records.map((r) => r.path)).toEqual(Array.from({ length: 9 }, (_, i) => `/item/${i}`));
  expect(whole.records).toEqual(named.records);
  expect(whole.stderr).not.toContain('warning');
  const capture = join(SHARED_FIXTURES, 'pcap/zeek__pipelined-requests.pcap');
  copyFileSync(capture, join(d, 'trace.pcap'));
  writeFileSync(join(d, 'README'), 'what these files are\n');
  const mixed = runExtract([d]);
  expect(mixed.status, mixed.stderr).toBe(0);
  const fromCapture = runExtract([capture]).records.map((r) => r.path);
  expect(fromCapture.length).toBeGreaterThan(0);
  expect(mixed.records.map((r) => r.path).sort()).toEqual([...named.records.map((r) => r.path), ...fromCapture].sort());
  expect(mixed.stderr).toContain(`warning: ${d}: 1 file is neither a capture nor a log and was skipped (README)`);
});

test('malformed lines, binary garbage and an enormous line are counted and named, and never stop the file', () => {
  const d = dir();
  const file = join(d, 'access.log');
  const garbage = Buffer.from([0x00, 0xff, 0xfe, 0x16, 0x03, 0x01, 0x0a, 0x89, 0x50, 0x4e, 0x47]).toString('latin1');
  const body = [line(1), 'not a log line', line(2), garbage, 'x'.repeat(3 * 1024 * 1024), line(3), '', line(4)].join('\n') + '\n';
  writeFileSync(file, Buffer.from(body, 'latin1'));
  const { records, stderr, status } = runExtract([file]);
  expect(status, stderr).toBe(0);
  expect(records.map((r) => r.path)).toEqual(['/item/1', '/item/2', '/item/3', '/item/4']);
  // The garbage holds a newline byte, so it is two lines (4 and 5); line 8 is empty and not counted.
  expect(stderr).toContain('exchanges 4, files 1, lines 8, malformed 4');
  expect(stderr).toContain(`warning: ${file}:2: not a combined line`);
  expect(stderr).toContain(`warning: ${file}:4: not a combined line`);
  expect(stderr).toContain(`warning: ${file}:5: not a combined line`);
  expect(stderr).toContain(`warning: ${file}:6: line longer than 1048576 bytes, skipped`);
  expect(stderr).toMatch(/elapsed \d+\.\d+s, \d+ lines\/s/);
});

test('a broken gzip member is reported; the members after it are read', () => {
  const d = dir();
  const file = join(d, 'access.log.3.gz');
  const broken = Buffer.from(gzipSync(lines(100, 200)));
  broken.fill(0x41, 20, broken.length - 8);
  writeFileSync(file, Buffer.concat([gzipSync(lines(0, 50)), broken, gzipSync(lines(200, 210))]));
  const { records, stderr, status } = runExtract([file]);
  expect(status, stderr).toBe(0);
  const paths = records.map((r) => r.path);
  expect(paths.slice(0, 50)).toEqual(lines(0, 50).trim().split('\n').map((_, i) => `/item/${i}`));
  expect(paths.slice(-10)).toEqual(Array.from({ length: 10 }, (_, i) => `/item/${200 + i}`));
  expect(stderr).toMatch(/warning: .*access\.log\.3\.gz: broken gzip data near compressed byte \d+/);
});

test('first lines too long to sniff from: --format still reads the file, the long line counted and skipped', () => {
  const d = dir();
  const file = join(d, 'access.log');
  writeFileSync(file, `${'x'.repeat(9 << 20)}\n${lines(0, 2)}`);
  const sniffed = runExtract([file]);
  expect(sniffed.status).toBe(2);
  expect(sniffed.stderr).toContain(`error: ${file}: no complete line to tell the format from`);
  const forced = runExtract([file, '--format', 'combined']);
  expect(forced.status, forced.stderr).toBe(0);
  expect(forced.records.map((r) => r.path)).toEqual(['/item/0', '/item/1']);
  expect(forced.stderr).toContain('exchanges 2, files 1, lines 3, malformed 1');
  expect(forced.stderr).toContain(`warning: ${file}:1: line longer than 1048576 bytes, skipped`);
});

test.each([
  ['combined', () => lines(0, 3)],
  ['JSON-lines', () => readFileSync(join(SHARED_FIXTURES, 'logs/integrations_istio_test-access-json-logs.log'), 'utf8')],
])('a %s log starting with a UTF-8 byte order mark gives the records it gives without one', (_kind, text) => {
  const d = dir();
  const plain = join(d, 'plain.log');
  const bom = join(d, 'bom.log');
  writeFileSync(plain, text());
  writeFileSync(bom, `\ufeff${text()}`);
  const expected = runExtract([plain]);
  expect(expected.records.length).toBeGreaterThan(0);
  const got = runExtract([bom]);
  expect(got.status, got.stderr).toBe(0);
  expect(got.stderr).toContain('malformed 0');
  expect(got.records).toEqual(expected.records.map((r) => ({ ...r, source: { ...r.source, file: bom } })));
});

test('a JSON document that does not parse: the error names the place, never the text (it may hold a credential)', () => {
  const d = dir();
  const file = join(d, 'export.json');
  writeFileSync(file, '{"token":TOKEN_SECRETJ13}\n');
  const { stderr, status } = runExtract([file]);
  expect(status).toBe(2);
  expect(stderr).toContain(`error: ${file}: not a JSON document (line 1, column 10: InvalidSymbol)`);
  expect(stderr).not.toContain('TOKEN');
});

test('nothing fits: a clear error naming the formats tried, exit 2', () => {
  const d = dir();
  const file = join(d, 'mystery.log');
  writeFileSync(file, 'alpha beta gamma\ndelta epsilon\n');
  const { records, stderr, status } = runExtract([file]);
  expect(status).toBe(2);
  expect(records).toEqual([]);
  expect(stderr).toContain(`error: ${file}: no known log format fits its first 2 lines (tried: json (envoy/istio, kong, apigateway, traefik, caddy, gcp, azure, nginx escape=json, otlp, docker/cloudwatch-wrapped), combined, envoy, haproxy, alb, squid, cloudfront, iis, har); use --format, --nginx-format or --apache-format`);
});

test('an empty or blank file (a log just rotated, a capture tcpdump has not written yet) is a warning, not a failure: exit 0', () => {
  const d = dir();
  const empty = join(d, 'rotated.pcap');
  const blank = join(d, 'blank.log');
  const emptyLog = join(d, 'access.log');
  const other = join(d, 'other.log');
  writeFileSync(empty, '');
  writeFileSync(blank, '\n  \n\n');
  writeFileSync(emptyLog, '');
  writeFileSync(other, lines(0, 1));
  const { records, stderr, status } = runExtract([empty, blank, emptyLog, other]);
  expect(status, stderr).toBe(0);
  expect(records.map((r) => r.path)).toEqual(['/item/0']);
  expect(stderr).toContain(`warning: ${empty}: empty (or blank): nothing to read`);
  expect(stderr).toContain(`warning: ${blank}: empty (or blank): nothing to read`);
  expect(stderr).toContain(`warning: ${emptyLog}: empty (or blank): nothing to read`);
  expect(stderr).not.toContain('error:');
});

test('--format forces a reader; --nginx-format compiles the given log_format', () => {
  const d = dir();
  const file = join(d, 'custom.log');
  writeFileSync(file, '2024-01-01T00:00:00+00:00|10.1.1.1|POST|/v1/pay?amount=1|201|0.250\n');
  const custom = runExtract([file, '--nginx-format', '$time_iso8601|$remote_addr|$request_method|$request_uri|$status|$request_time']);
  expect(custom.records).toEqual([{
    ts: '2023-12-31T23:59:59.750Z', src: '10.1.1.1', method: 'POST', path: '/v1/pay', query: ['amount'], status: 201, latencyMs: 250, source: { file, line: 1 },
  }]);
  const forced = runExtract([file, '--format', 'haproxy']);
  expect(forced.stderr).toContain('exchanges 0, files 1, lines 1, malformed 1');
  const unknown = runExtract([file, '--format', 'syslog']);
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toContain("unknown --format 'syslog'");
  // A format no line could be read by is refused before any is: until 6 Dec a combined log given `'$request "'` was
  // read by the combined reader, the format silently unused (with --format nginx, every line malformed).
  const open = runExtract([file, '--nginx-format', '$time_iso8601|$request "']);
  expect([open.status, open.records]).toEqual([2, []]);
  expect(open.stderr).toContain(`nginx format: unbalanced '"' (1 in the format string)`);
  expect(open.stderr).not.toContain('exchanges');
});

test('OTLP/JSON traces: the collector file exporter (one request a line) and a pretty-printed export', () => {
  const d = dir();
  const span = (path: string, kind: number) => ({
    traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', name: `GET ${path}`, kind,
    startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000010000000',
    attributes: [
      { key: 'http.request.method', value: { stringValue: 'GET' } }, { key: 'url.path', value: { stringValue: path } },
      { key: 'http.route', value: { stringValue: '/users/{id}' } }, { key: 'http.response.status_code', value: { intValue: '200' } },
    ],
  });
  const request = (spans: unknown[]) => ({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 'test' }, spans }] }] });
  const jsonl = join(d, 'traces.jsonl');
  writeFileSync(jsonl, `${JSON.stringify(request([span('/users/1', 2), span('/users/1', 3)]))}\n${JSON.stringify(request([span('/users/2', 2)]))}\n`);
  const pretty = join(d, 'traces.json');
  writeFileSync(pretty, JSON.stringify(request([span('/users/3', 2)]), null, 2));
  const lines = runExtract([jsonl]);
  expect(lines.records).toEqual([
    { ts: '2023-11-14T22:13:20.000Z', method: 'GET', path: '/users/1', route: '/users/{id}', status: 200, latencyMs: 10, source: { file: jsonl, line: 1 } },
    { ts: '2023-11-14T22:13:20.000Z', method: 'GET', path: '/users/2', route: '/users/{id}', status: 200, latencyMs: 10, source: { file: jsonl, line: 2 } },
  ]);
  expect(runExtract([pretty]).records).toEqual([
    { ts: '2023-11-14T22:13:20.000Z', method: 'GET', path: '/users/3', route: '/users/{id}', status: 200, latencyMs: 10, source: { file: pretty } },
  ]);
});

test('a rotated log compressed beside itself (logrotate still writing access.log.1.gz, or gzip -k) is read once', async () => {
  const d = dir();
  writeFileSync(join(d, 'access.log.2.gz'), gzipSync(lines(0, 3)));
  writeFileSync(join(d, 'access.log.1'), lines(3, 40));
  // gzip writes the copy before it removes the original: here the whole copy, and one it has only begun.
  writeFileSync(join(d, 'access.log.1.gz'), gzipSync(lines(3, 40)));
  writeFileSync(join(d, 'access.log'), lines(40, 43));
  // A plain file and a .gz of other lines are two logs.
  writeFileSync(join(d, 'other.log'), lines(20, 26));
  writeFileSync(join(d, 'other.log.gz'), gzipSync(lines(30, 36)));
  const { records, status, stderr } = runExtract([d]);
  expect(status, stderr).toBe(0);
  expect(records.map((r) => r.path).sort()).toEqual([...Array.from({ length: 43 }, (_, i) => i), ...[20, 21, 22, 23, 24, 25, 30, 31, 32, 33, 34, 35]].map((i) => `/item/${i}`).sort());
  expect(stderr).toContain(`warning: ${d}: access.log.1.gz is a compressed copy of the plain file beside it, not read (its lines would count twice)`);
  const partial = gzipSync(lines(3, 40));
  writeFileSync(join(d, 'access.log.1.gz'), partial.subarray(0, partial.length / 2));
  // What ingest counts, one unit a file (name order; each is read on its own).
  const warnings: string[] = [];
  const units = (await countingUnits([d], (w) => warnings.push(w))).map((u) => u.input.split('/').pop());
  expect(units).toEqual(['access.log', 'access.log.1', 'access.log.2.gz', 'other.log', 'other.log.gz']);
  expect(warnings).toEqual([`${d}: access.log.1.gz is a compressed copy of the plain file beside it, not read (its lines would count twice)`]);
});
