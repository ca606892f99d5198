import { expect, test } from 'vitest';
import { fingerprintCredential } from '../../lib/exchange';
import { createIisFormat } from './iis';
import { createLineFormats, sniffLineFormat } from './registry';
import { parseOne, TEST_KEY } from './test-helpers';

// The directives IIS 10 writes at the top of u_ex<yymmdd>.log, with its default fields (IIS Manager > Logging > W3C,
// "Select Fields"; field names and meanings from Microsoft's "W3C Logging" reference), and lines written to them.
const HEADER = [
  '#Software: Microsoft Internet Information Services 10.0',
  '#Version: 1.0',
  '#Date: 2024-05-01 09:00:00',
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken',
];
const ENTRY = '2024-05-01 09:00:05 10.0.0.4 GET /api/orders/42 expand=items&page=2 443 - 192.0.2.9 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+Chrome/124.0 https://shop.example/cart 200 0 0 1250';

function read(lines: string[]) {
  const format = createIisFormat(TEST_KEY);
  return lines.map((l, i) => parseOne(format, l, i + 1));
}

test('reads the default fields: UTC time less time-taken (ms), client, server address and port, `+` as a space', () => {
  const results = read([...HEADER, ENTRY]);
  expect(results.slice(0, 4).map((r) => r.status)).toEqual(['skip', 'skip', 'skip', 'skip']);
  expect(results[4].records).toEqual([{
    ts: '2024-05-01T09:00:03.750Z', src: '192.0.2.9', dst: '10.0.0.4:443', method: 'GET', path: '/api/orders/42', query: ['expand', 'page'],
    status: 200, latencyMs: 1250, userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0', source: { file: 't.log', line: 5 },
  }]);
});

test('a #Fields directive mid-file (the site\'s fields changed, the service restarted) sets the columns from there on', () => {
  const more = '#Fields: date time cs-method cs-uri-stem cs-uri-query cs-host cs-version c-ip sc-status sc-bytes cs-bytes time-taken cs(Cookie)';
  const later = '2024-05-01 10:15:00 POST /api/orders - api.shop.example HTTP/2 2001:db8::9 201 512 734 40 ASP.NET_SessionId=s-9;+.ASPXAUTH=a+b/c==';
  const results = read([...HEADER, ENTRY, '#Software: Microsoft Internet Information Services 10.0', '#Version: 1.0', '#Date: 2024-05-01 10:00:00', more, later]);
  expect(results.map((r) => r.status)).toEqual(['skip', 'skip', 'skip', 'skip', 'ok', 'skip', 'skip', 'skip', 'skip', 'ok']);
  expect(results[9].records).toEqual([{
    ts: '2024-05-01T10:14:59.960Z', src: '2001:db8::9', host: 'api.shop.example', transport: 'h2', method: 'POST', path: '/api/orders', status: 201,
    latencyMs: 40, responseBytes: 512, requestBytes: 734,
    // The cookie's `;+` is its separator's space; the `+` in the token is the token's.
    auth: [{ kind: 'cookie:.ASPXAUTH,ASP.NET_SessionId', fingerprint: fingerprintCredential('.ASPXAUTH=a+b/c==;ASP.NET_SessionId=s-9', TEST_KEY) }],
    source: { file: 't.log', line: 10 },
  }]);
  expect(JSON.stringify(results[9].records)).not.toContain('s-9');
  // The old columns no longer fit.
  expect(read([...HEADER, more, ENTRY])[5].status).toBe('invalid');
});

test('`-` is empty; cs-username is no evidence (Windows authentication, Basic or forms alike); no header: the default fields', () => {
  const line = '2024-05-01 09:00:05 10.0.0.4 HEAD /health - 80 CONTOSO\\jdoe 192.0.2.9 - - 401 2 5 0';
  const [entry] = read([line]);
  expect(entry.records).toEqual([{
    ts: '2024-05-01T09:00:05.000Z', src: '192.0.2.9', dst: '10.0.0.4:80', method: 'HEAD', path: '/health', status: 401, latencyMs: 0, responseBytes: 0, source: { file: 't.log', line: 1 },
  }]);
  expect(JSON.stringify(entry.records)).not.toContain('jdoe');
});

test('lines that do not fit are malformed: another number of fields, a bad date, no method', () => {
  expect(read([...HEADER, ENTRY.split(' ').slice(0, 14).join(' ')])[4].status).toBe('invalid');
  expect(read([ENTRY.replace('2024-05-01', '01/05/2024')])[0].status).toBe('invalid');
  expect(read([ENTRY.replace(' GET ', ' - ')])[0].status).toBe('invalid');
  // CloudFront's W3C header is CloudFront's.
  expect(read(['#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status'])[0].status).toBe('invalid');
});

test('an IIS log is sniffed as iis, and named by --format iis', () => {
  const formats = createLineFormats({ fingerprintKey: TEST_KEY });
  const sniffed = sniffLineFormat([...HEADER, ENTRY, ENTRY], formats);
  expect('format' in sniffed && sniffed.format.name).toBe('iis');
  expect(createLineFormats({ fingerprintKey: TEST_KEY, format: 'iis' }).forced?.name).toBe('iis');
});

test("classic ASP's error, appended to cs-uri-query, is no part of the query", () => {
  // Until 6 Dec `id=5|12|800a000d|Type_mismatch` gave the query name `id` a value and `|-|ASP_0147|…` one name of junk.
  const line = (query: string) => ENTRY.replace('expand=items&page=2', query).replace(' 200 0 0 ', ' 500 0 0 ');
  const [withQuery, alone, plain] = read([line('id=5|12|800a000d|Type_mismatch'), line('|-|ASP_0147|500_Server_Error'), line('a=1|b')]);
  expect([withQuery.records[0].path, withQuery.records[0].query]).toEqual(['/api/orders/42', ['id']]);
  expect([alone.records[0].path, alone.records[0].query]).toEqual(['/api/orders/42', undefined]);
  expect(plain.records[0].query).toEqual(['a']);
});

test('s-port without s-ip (a site logging the port alone): 443 is https, 80 http, another port says nothing', () => {
  const fields = '#Fields: date time cs-method cs-uri-stem cs-uri-query s-port c-ip sc-status time-taken';
  const at = (port: string) => read([fields, `2024-05-01 09:00:05 GET /api/orders - ${port} 192.0.2.9 200 15`])[1].records[0];
  expect([at('443').scheme, at('80').scheme, at('8443').scheme]).toEqual(['https', 'http', undefined]);
  // Near miss: with s-ip the port is dst's, as before, and no scheme is claimed beside it.
  expect(read([...HEADER, ENTRY])[4].records[0].scheme).toBeUndefined();
});
