import { expect, test } from 'vitest';
import { createJsonLinesFormat } from './json-lines';
import { cloudFrontJsonFormat } from './cloudfront-json';
import { createLineFeeder } from './log-reader';
import { createLineFormats, sniffLineFormat } from './registry';
import { Tally } from './tally';
import { parseOne, TEST_KEY } from './test-helpers';

// AWS's example entry (Standard logging reference) under the field names its "Log file fields" list gives, as
// standard logging v2 delivers a record in its JSON output format: one object a line, the record fields as keys.
const RECORD: Record<string, string> = {
  date: '2019-12-04', time: '21:02:31', 'x-edge-location': 'LAX1', 'sc-bytes': '392', 'c-ip': '192.0.2.100', 'cs-method': 'GET',
  'cs(Host)': 'd111111abcdef8.cloudfront.net', 'cs-uri-stem': '/index.html', 'sc-status': '200', 'cs(Referer)': '-',
  'cs(User-Agent)': 'Mozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)', 'cs-uri-query': '-', 'cs(Cookie)': '-',
  'x-edge-result-type': 'Hit', 'x-edge-request-id': 'SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==',
  'x-host-header': 'd111111abcdef8.cloudfront.net', 'cs-protocol': 'https', 'cs-bytes': '23', 'time-taken': '0.001',
  'x-forwarded-for': '-', 'ssl-protocol': 'TLSv1.2', 'ssl-cipher': 'ECDHE-RSA-AES128-GCM-SHA256', 'x-edge-response-result-type': 'Hit',
  'cs-protocol-version': 'HTTP/2.0', 'fle-status': '-', 'fle-encrypted-fields': '-', 'c-port': '11040', 'time-to-first-byte': '0.001',
  'x-edge-detailed-result-type': 'Hit', 'sc-content-type': 'text/html', 'sc-content-len': '78', 'sc-range-start': '-', 'sc-range-end': '-',
};
const reader = createJsonLinesFormat([cloudFrontJsonFormat], [], TEST_KEY, 'cloudfront');

test('a standard logging v2 JSON record is read as the W3C line with the same fields', () => {
  // Until 7 Dec such a line was "no known log format".
  expect(parseOne(reader, JSON.stringify(RECORD)).records).toEqual([{
    ts: '2019-12-04T21:02:30.999Z', src: '192.0.2.100:11040', host: 'd111111abcdef8.cloudfront.net', scheme: 'https', transport: 'h2',
    method: 'GET', path: '/index.html', status: 200, latencyMs: 1, requestBytes: 23, responseBytes: 78,
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', responseContentType: 'text/html', source: { file: 't.log', line: 1 },
  }]);
  // Only the fields a delivery selected are written; numbers may come as numbers.
  const few = { date: '2019-12-04', time: '21:02:31', 'cs-method': 'POST', 'cs-uri-stem': '/v1/orders', 'sc-status': 201, 'time-taken': 0.25, 'x-host-header': 'api.example.com' };
  expect(parseOne(reader, JSON.stringify(few)).records).toEqual([{
    ts: '2019-12-04T21:02:30.750Z', host: 'api.example.com', method: 'POST', path: '/v1/orders', status: 201, latencyMs: 250, source: { file: 't.log', line: 1 },
  }]);
});

test('sniffed among the JSON readers; a record without date and time is not taken for one', () => {
  const formats = createLineFormats({ fingerprintKey: TEST_KEY });
  const sniffed = sniffLineFormat([JSON.stringify(RECORD), JSON.stringify({ ...RECORD, 'cs-uri-stem': '/b' })], formats);
  expect('format' in sniffed && parseOne(sniffed.format, JSON.stringify(RECORD)).records[0]).toMatchObject({ method: 'GET', path: '/index.html', status: 200 });
  const { date: _date, time: _time, ...undated } = RECORD;
  expect(cloudFrontJsonFormat.matches(undated)).toBe(false);
  // Nor is one dated with no field of CloudFront's naming.
  expect(cloudFrontJsonFormat.matches({ date: '2019-12-04', time: '21:02:31', method: 'GET', 'x-request-id': 'r' })).toBe(false);
  // Forced, the JSON lines are read too.
  const forced = createLineFormats({ fingerprintKey: TEST_KEY, format: 'cloudfront' }).forced!;
  expect(parseOne(forced, JSON.stringify(RECORD)).records[0]).toMatchObject({ path: '/index.html' });
});

test('a record with no method or path (`-`, or not among the fields) is counted as skipped and said why, not an exchange', () => {
  // Until 7 Dec each was a malformed line, "not a json line", as if no CloudFront record; one with only a date, a time
  // and a status too. A record whose date or time is no date or time stays malformed.
  const tally = new Tally();
  const paths: Array<string | undefined> = [];
  const feeder = createLineFeeder('cf.log', reader, tally, (ex) => paths.push(ex.path));
  const lines = [
    RECORD,
    { ...RECORD, 'cs-method': '-', 'cs-uri-stem': '-', 'sc-status': '000' },
    { ...RECORD, 'cs-uri-stem': '-' },
    { ...RECORD, 'cs-method': '-' },
    { date: '2019-12-04', time: '21:02:35', 'sc-status': '200' },
    { date: '2019-12-04', time: '21:02:36', 'cs-method': null, 'cs-uri-stem': null },
    { ...RECORD, time: '-' },
  ];
  feeder.push(Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n') + '\n'));
  feeder.finish();
  expect(paths).toEqual(['/index.html']);
  expect({ lines: tally.lines, exchanges: tally.exchanges, skipped: tally.skipped, malformed: tally.malformed }).toEqual({ lines: 7, exchanges: 1, skipped: 5, malformed: 1 });
  const why = 'skipped: a cloudfront record with no method or path (cs-method or cs-uri-stem `-` or not logged): no request to name';
  expect(tally.warnings).toEqual([2, 3, 4, 5, 6].map((n) => `cf.log:${n}: ${why}`).concat('cf.log:7: not a cloudfront line'));
});
