import { expect, test } from 'vitest';
import { fingerprintCredential } from '../../lib/exchange';
import { createCloudFrontFormat } from './cloudfront';
import { createLineFormats, sniffLineFormat } from './registry';
import { parseOne, TEST_KEY } from './test-helpers';

// The header and example entry of AWS's CloudFront Developer Guide (Standard logging reference, "Log file fields"
// and its example log: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html).
const VERSION = '#Version: 1.0';
const FIELDS = '#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end';
const AWS_EXAMPLE = [
  '2019-12-04', '21:02:31', 'LAX1', '392', '192.0.2.100', 'GET', 'd111111abcdef8.cloudfront.net', '/index.html', '200', '-',
  'Mozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)%20AppleWebKit/537.36%20(KHTML,%20like%20Gecko)%20Chrome/78.0.3904.108%20Safari/537.36',
  '-', '-', 'Hit', 'SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==', 'd111111abcdef8.cloudfront.net', 'https', '23', '0.001', '-',
  'TLSv1.2', 'ECDHE-RSA-AES128-GCM-SHA256', 'Hit', 'HTTP/2.0', '-', '-', '11040', '0.001', 'Hit', 'text/html', '78', '-', '-',
];
const NAMES = FIELDS.slice(9).split(' ');
const line = (over: Record<string, string> = {}) => AWS_EXAMPLE.map((v, i) => over[NAMES[i]] ?? v).join('\t');

function read(lines: string[]) {
  const format = createCloudFrontFormat(TEST_KEY);
  return lines.map((l, i) => parseOne(format, l, i + 1));
}

test("reads AWS's example entry: UTC time less time-taken, viewer address and port, scheme, h2, decoded agent", () => {
  const [version, fields, entry] = read([VERSION, FIELDS, line()]);
  expect([version.status, fields.status]).toEqual(['skip', 'skip']);
  expect(entry.records).toEqual([{
    ts: '2019-12-04T21:02:30.999Z', src: '192.0.2.100:11040', host: 'd111111abcdef8.cloudfront.net', scheme: 'https', transport: 'h2',
    method: 'GET', path: '/index.html', status: 200, latencyMs: 1, requestBytes: 23, responseBytes: 78,
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/78.0.3904.108 Safari/537.36',
    responseContentType: 'text/html', source: { file: 't.log', line: 3 },
  }]);
});

test('the host is x-host-header (what the viewer asked for), else cs(Host); query names, and a key in the query is evidence', () => {
  const [, , entry] = read([VERSION, FIELDS, line({ 'x-host-header': 'api.example.com', 'cs-uri-query': 'page=2&api_key=k-1', 'cs-protocol': 'http' })]);
  expect(entry.records[0]).toMatchObject({
    host: 'api.example.com', scheme: 'http', query: ['page', 'api_key'],
    auth: [{ kind: 'api-key:api_key', fingerprint: fingerprintCredential('k-1', TEST_KEY) }],
  });
  expect(JSON.stringify(entry.records)).not.toContain('k-1');
  expect(read([VERSION, FIELDS, line({ 'x-host-header': '-' })])[2].records[0].host).toBe('d111111abcdef8.cloudfront.net');
});

test('a logged cookie is evidence; wss is https; an IPv6 viewer; HEAD is bodiless; 000 (viewer gone) has no status', () => {
  const [, , entry] = read([VERSION, FIELDS, line({
    'cs(Cookie)': 'session=s-9;%20cart=c81', 'cs-protocol': 'wss', 'c-ip': '2001:db8::7', 'cs-method': 'HEAD', 'sc-status': '000',
  })]);
  expect(entry.records[0]).toMatchObject({ src: '[2001:db8::7]:11040', scheme: 'https', method: 'HEAD' });
  // AWS: 000 is a viewer that closed the connection before the server could respond: no answer, so no size or time to
  // one, as Envoy's 0 and a capture give none (until 7 Dec sc-bytes and time-taken stood).
  for (const field of ['status', 'responseBytes', 'latencyMs']) expect(entry.records[0]).not.toHaveProperty(field);
  expect(entry.records[0].auth).toEqual([{ kind: 'cookie:cart,session', fingerprint: fingerprintCredential('cart=c81;session=s-9', TEST_KEY) }]);
  expect(JSON.stringify(entry.records)).not.toContain('s-9');
  expect(read([VERSION, FIELDS, line({ 'cs-method': 'HEAD', 'sc-status': '200' })])[2].records[0].responseBytes).toBe(0);
});

test("a file's #Fields header sets the columns (v2 logs choose theirs); without one the standard 33 are read", () => {
  const header = '#Fields: time date cs-method cs-uri-stem sc-status c-ip time-taken';
  const [, entry] = read([header, '09:00:05\t2024-05-01\tPOST\t/v1/orders\t201\t198.51.100.4\t2.500']);
  expect(entry.records).toEqual([{
    ts: '2024-05-01T09:00:02.500Z', src: '198.51.100.4', method: 'POST', path: '/v1/orders', status: 201, latencyMs: 2500, source: { file: 't.log', line: 2 },
  }]);
  expect(read([line()])[0].records[0]).toMatchObject({ path: '/index.html', status: 200 });
  // A line with another number of fields than the header names, or another header, is malformed.
  expect(read([FIELDS, line().split('\t').slice(0, 30).join('\t')])[1].status).toBe('invalid');
  expect(read(['#Software: Microsoft Internet Information Services 10.0'])[0].status).toBe('invalid');
});

test('a CloudFront log is sniffed as cloudfront and named by --format cloudfront; an IIS log (the same W3C header) is iis\'s', () => {
  const formats = createLineFormats({ fingerprintKey: TEST_KEY });
  const iis = [
    '#Software: Microsoft Internet Information Services 10.0', VERSION, '#Date: 2024-05-01 09:00:00',
    '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken',
    '2024-05-01 09:00:05 10.0.0.4 GET /default.htm - 80 - 192.0.2.9 curl/8.0 - 200 0 0 15',
  ];
  const notCloudFront = sniffLineFormat(iis, formats);
  expect('format' in notCloudFront && notCloudFront.format.name).toBe('iis');
  const sniffed = sniffLineFormat([VERSION, FIELDS, line(), line()], formats);
  expect('format' in sniffed && sniffed.format.name).toBe('cloudfront');
  expect(createLineFormats({ fingerprintKey: TEST_KEY, format: 'cloudfront' }).forced?.name).toBe('cloudfront');
});

test('the stem and query are read with CloudFront\'s own escaping undone: a client\'s `%20` (logged `%2520`) is `%20`', () => {
  // AWS: field values are URL-encoded, `%` included (`%25`), as are bytes 0–32 and 127 and up. So `/a%20b` as the
  // client sent it is logged `/a%2520b`, a raw `/caf\xC3\xA9` `/caf%C3%A9`: until 7 Dec the first stayed `%2520`, another
  // endpoint than a capture's, and an escaped credential name (`api%5Fkey`, logged `api%255Fkey`) was no credential.
  const [, , entry] = read([VERSION, FIELDS, line({ 'cs-uri-stem': '/files/a%2520b/caf%C3%A9/%257E%7E', 'cs-uri-query': 'api%255Fkey=k%252B1&q=x%2520y' })]);
  expect(entry.records[0]).toMatchObject({
    path: '/files/a%20b/caf%C3%A9/%7E~', query: ['api_key', 'q'],
    auth: [{ kind: 'api-key:api_key', fingerprint: fingerprintCredential('k+1', TEST_KEY) }],
  });
  // Near misses: a stem with no escape is as logged; a raw space logged `%20` is the space a capture keeps.
  expect(read([VERSION, FIELDS, line({ 'cs-uri-stem': '/a+b' })])[2].records[0].path).toBe('/a+b');
  expect(read([VERSION, FIELDS, line({ 'cs-uri-stem': '/a%20b' })])[2].records[0].path).toBe('/a b');
});

test('a `#` the viewer sent raw (logged `%23`) ends the path, as in a capture; `%3F` or `%2F`, none of CloudFront\'s escapes, stay', () => {
  expect(read([VERSION, FIELDS, line({ 'cs-uri-stem': '/a%23frag' })])[2].records[0].path).toBe('/a');
  expect(read([VERSION, FIELDS, line({ 'cs-uri-stem': '/a%3Fb%2Fc' })])[2].records[0].path).toBe('/a%3Fb%2Fc');
});

test('a line with no method or path (`-`) is skipped, saying why; one whose date is no date stays malformed', () => {
  // Until 7 Dec it was malformed, as a line misaligned with its header is.
  const format = createCloudFrontFormat(TEST_KEY);
  const origin = { file: 't.log', line: 3 } as { file: string; line: number; skipReason?: string };
  expect(format.parse(line({ 'cs-method': '-', 'cs-uri-stem': '-', 'sc-status': '000' }), origin, () => {})).toBe('skip');
  expect(origin.skipReason).toBe('a cloudfront record with no method or path (cs-method or cs-uri-stem `-` or not logged): no request to name');
  expect(read([line({ 'cs-uri-stem': '-' })])[0]).toEqual({ status: 'skip', records: [] });
  expect(read([line({ date: '2019-13-45x' })])[0].status).toBe('invalid');
});
