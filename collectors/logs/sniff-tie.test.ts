import { expect, test } from 'vitest';
import { createLineFormats, sniffLineFormat } from './registry';
import { TEST_KEY } from './test-helpers';

const LINES = [
  '67.43.156.13 - - [25/Oct/2016:14:49:33 +0200] "GET / HTTP/1.1" 200 612 "-" "curl/8.0"',
  '67.43.156.13 - - [25/Oct/2016:14:49:34 +0200] "GET /favicon.ico HTTP/1.1" 404 571 "-" "curl/8.0"',
];
const sniff = (lines: string[], nginxFormat: string) => sniffLineFormat(lines, createLineFormats({ fingerprintKey: TEST_KEY, nginxFormat }));

test('a --nginx-format tying with combined but reading less of the lines is used, and said', () => {
  // `$request_time` where the log has `$body_bytes_sent`: 612 bytes read as 612 s, no size. Until 6 Dec unsaid.
  const slip = sniff(LINES, '$remote_addr - $remote_user [$time_local] "$request" $status $request_time "$http_referer" "$http_user_agent"');
  expect(slip).toMatchObject({
    format: { name: 'nginx-format' },
    note: '--nginx-format fits 2 of its first 2 lines, as does combined, which reads them otherwise (line 1: responseBytes 612, none by --nginx-format); read with --nginx-format',
  });
  // Status and size swapped: the same fields, other values.
  const swapped = sniff(LINES, '$remote_addr - $remote_user [$time_local] "$request" $body_bytes_sent $status "$http_referer" "$http_user_agent"');
  expect(swapped).toMatchObject({ note: expect.stringContaining('(line 1: status 200, by --nginx-format 612)') });
});

test('a --nginx-format that is the log\'s own, or logs more than combined reads, ties unsaid (near misses)', () => {
  expect(sniff(LINES, '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"')).not.toHaveProperty('note');
  // A request time after combined's fields: a latency combined lacks, and a `ts` less it (not compared).
  const richer = sniff(LINES.map((l) => `${l} 0.005`), '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time');
  expect(richer).toMatchObject({ format: { name: 'nginx-format' } });
  expect(richer).not.toHaveProperty('note');
});

test('a path or agent that differs is named, never repeated (it may carry a token)', () => {
  const lines = ['10.0.0.1 - - [25/Oct/2016:14:49:33 +0200] "GET /a HTTP/1.1" 200 612 "https://shop.test/reset?t=s3cr3t" "curl/8.0"'];
  // Referer and agent swapped.
  const sniffed = sniff(lines, '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_user_agent" "$http_referer"');
  expect(sniffed).toMatchObject({ note: expect.stringContaining('(line 1: userAgent differs)') });
  expect(JSON.stringify(sniffed)).not.toContain('s3cr3t');
});

test('--nginx-format and --apache-format fitting a log alike: read with --nginx-format, and said when they read it otherwise', () => {
  // The same columns; nginx writes its time when the response is done, Apache's %t is the request's arrival, so the
  // two put the same line 2 s apart. Until 7 Dec --nginx-format won unsaid, whichever came first on the command line.
  const lines = LINES.map((l) => `${l} 2.000`);
  const both = (apacheFormat: string) => sniffLineFormat(lines, createLineFormats({
    fingerprintKey: TEST_KEY, apacheFormat,
    nginxFormat: '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time',
  }));
  expect(both('%h %l %u %t \\"%r\\" %>s %b \\"%{Referer}i\\" \\"%{User-Agent}i\\" %T')).toMatchObject({
    format: { name: 'nginx-format' },
    note: '--nginx-format fits 2 of its first 2 lines, as does --apache-format, which reads them otherwise (line 1: ts differs); read with --nginx-format',
  });
  // Near miss: the Apache format does not fit (no request time column there): the nginx one is the log's, unsaid.
  expect(both('%h %l %u %t \\"%r\\" %>s %b \\"%{Referer}i\\" \\"%{User-Agent}i\\" %D %D')).not.toHaveProperty('note');
});

test('--nginx-format and --apache-format reading a log identically (no time taken logged) tie unsaid', () => {
  const sniffed = sniffLineFormat(LINES, createLineFormats({
    fingerprintKey: TEST_KEY, apacheFormat: 'combined',
    nginxFormat: '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"',
  }));
  expect(sniffed).toMatchObject({ format: { name: 'nginx-format' } });
  expect(sniffed).not.toHaveProperty('note');
});
