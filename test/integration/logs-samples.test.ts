import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { extractLogs } from '../../collectors/logs/extract-logs';
import { exchangeSchema, fingerprintCredential, type Exchange } from '../../lib/exchange';
import { SHARED_FIXTURES } from '../require';

/** The samples without a reference parse: exchange counts and a few exact records per format. */
const KEY = 'integration-test-fingerprint-key';
const log = (name: string) => join(SHARED_FIXTURES, 'logs', name);
const har = (name: string) => join(SHARED_FIXTURES, 'har', name);
const fp = (credential: string) => fingerprintCredential(credential, KEY);

async function extract(path: string, format?: string) {
  const records: Exchange[] = [];
  const report = await extractLogs([path], { fingerprintKey: KEY, format }, (ex) => records.push(exchangeSchema.parse(ex)));
  return { records, report };
}

describe('access logs', () => {
  test('Kong http-log (pretty-printed document): one exchange, authenticated by Kong so no `none` claimed', async () => {
    const file = log('kong-docs__http-log_example_3.4.json');
    const { records, report } = await extract(file);
    expect(report.errors).toEqual([]);
    expect(records).toEqual([{
      ts: '2021-02-25T05:57:48.342Z', src: '192.168.144.1', host: 'localhost:8000', method: 'GET', path: '/log', scheme: 'http', status: 200,
      // Bodies, as the headers say (a bodiless GET; `content-length: 503`), not request.size/response.size (headers included).
      latencyMs: 515, responseBytes: 503, userAgent: 'HTTPie/2.4.0', responseContentType: 'application/json',
      source: { file, line: 1 },
    }]);
  });

  test('Envoy text: 7 lines, 2 TCP lines skipped, Docker/Kubernetes-wrapped lines unwrapped', async () => {
    const file = log('integrations_envoyproxy_test-log.log');
    const { records, report } = await extract(file);
    expect(report.stats).toEqual({ files: 1, lines: 7, malformed: 0, skipped: 2 });
    expect(records.map((r) => [r.source?.line, r.method, r.path, r.status])).toEqual([
      [2, 'GET', '/service/1', 200], [3, 'GET', '/elastic', 404], [4, 'GET', '/elastic/', 301], [5, 'GET', '/backend/', 200], [6, 'GET', '/httpbin/status/501', 501],
    ]);
    expect(records[4]).toEqual({
      ts: '2019-04-10T03:49:34.451Z', transport: 'http/1.1', method: 'GET', path: '/httpbin/status/501', status: 501,
      responseBytes: 0, latencyMs: 180, userAgent: 'curl/7.59.0', src: '172.17.0.3', host: 'httpbin.org', source: { file, line: 6 },
    });
    // The client from X-Forwarded-For, the default format's only address (`-` on line 2).
    expect(records.map((r) => r.src)).toEqual([undefined, '172.17.0.3', '172.17.0.3', '192.168.0.9', '172.17.0.3']);
  });

  test('Istio JSON: 3 exchanges, the codec error kept as a bare 400', async () => {
    const file = log('integrations_istio_test-access-json-logs.log');
    const { records } = await extract(file);
    expect(records).toHaveLength(3);
    expect(records[1]).toEqual({
      ts: '2022-09-08T12:51:05.656Z', src: '[2a02:cf40::4e36]:5000', dst: '10.124.1.5:9080', transport: 'http/1.1', host: 'reviews:9080',
      method: 'GET', path: '/reviews/0', status: 200, latencyMs: 15, responseBytes: 358,
      userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/103.0.5060.114 Safari/537.36',
      source: { file, line: 2 },
    });
    expect(records[2]).toEqual({
      ts: '2022-09-01T09:36:33.553Z', src: '10.128.0.60:51643', dst: '10.124.2.10:8080', transport: 'http/1.1', status: 400, latencyMs: 46,
      responseBytes: 11, source: { file, line: 3 },
    });
  });

  test('Traefik JSON (v1 and v2 field sets): 7 exchanges', async () => {
    const file = log('integrations_traefik_test-format-json.log');
    const { records } = await extract(file);
    expect(records.map((r) => [r.method, r.path, r.status])).toEqual([
      ['GET', '/', 404], ['GET', '/', 200], ['GET', '/ping', 200], ['GET', '/foo/bar/baz.php', 404], ['GET', '/1.0.0/acme/current/foo.png', 304],
      ['GET', '/api/v1/study/140410210038/card/comment', 200], ['GET', '/', 404],
    ]);
    // RequestAddr (the Host header) keeps the port that RequestHost drops.
    expect(records.slice(2, 4).map((r) => r.host)).toEqual(['10.10.10.11:4567', '10.10.10.11:12345']);
    expect(records[5]).toEqual({
      ts: '2024-02-09T11:53:32.609Z', src: '10.10.8.105:48376', host: 'api-students.unpad.ac.id', method: 'GET',
      path: '/api/v1/study/140410210038/card/comment', transport: 'http/1.0', status: 200, latencyMs: 59.518533,
      // RequestScheme: what the client spoke to Traefik (the shadow export's http:// server).
      responseBytes: 88, scheme: 'http', source: { file, line: 6 },
    });
  });

  test('API Gateway REST: 5 exchanges, resourcePath as route, no path invented', async () => {
    const file = log('integrations_aws_apigateway_test-apigateway-rest.log');
    const { records } = await extract(file);
    expect(records.map((r) => r.route)).toEqual(['/pets', '/pets/{petId}', '/pets/{petId}', '/pets/{petId}', '/']);
    expect(records.every((r) => r.path === undefined)).toBe(true);
    expect(records[3]).toEqual({
      ts: '2023-07-26T12:07:03.000Z', scheme: 'https', src: '1.128.0.0', host: 'asad15n3p0.execute-api.us-east-1.amazonaws.com', method: 'GET',
      route: '/pets/{petId}', transport: 'http/1.1', status: 200, responseBytes: 48, source: { file, line: 4 },
    });
  });

  test('Apache vhost variants: 2 exchanges with the vhost (the first field, as Filebeat reads it) as host', async () => {
    const file = log('integrations_apache_test-access-vhost.log');
    const { records } = await extract(file);
    // Line 2's client is a name (`%h` with HostnameLookups On), no address: no src.
    expect(records.map((r) => [r.host, r.src, r.path, r.status])).toEqual([
      ['vhost1.domaine.fr', '192.168.33.2', '/hello', 404],
      ['192.168.33.2:11111', undefined, '/hello', 404],
    ]);
  });

  test('nginx with vhost prefixes and percent-encoded UTF-8 paths: 14 exchanges, paths kept raw', async () => {
    const file = log('integrations_nginx_test-access.log');
    const { records } = await extract(file);
    expect(records).toHaveLength(14);
    expect(records[13]).toMatchObject({
      host: 'lessons.example.com', src: '192.168.0.1', status: 206, ts: '2020-06-09T19:15:39.000Z',
      path: '/%D0%A0%D1%83%D1%81%D1%81%D0%BA%D0%B0%D1%8F%20%D1%88%D0%BA%D0%BE%D0%BB%D0%B0%20-%20InternetUrok%201%D0%BA%D0%BB%D0%B0%D1%81%D1%81/',
    });
  });
});

describe('--nginx-format and --apache-format', () => {
  test('a log another reader fits better is read by it, and said: the format given fitted none (or fewer) of its lines', async () => {
    // Until 6 Dec silently: the user's format went unused, or (a slip in it) read every line without the fields it logged.
    const istio = log('integrations_istio_test-access-json-logs.log');
    const read = (path: string, opts: { nginxFormat?: string; apacheFormat?: string }) => {
      const records: Exchange[] = [];
      return extractLogs([path], { fingerprintKey: KEY, ...opts }, (ex) => records.push(ex)).then((report) => ({ records, report }));
    };
    const nginxFormat = '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent $request_time';
    const json = await read(istio, { nginxFormat });
    expect(json.records).toHaveLength(3);
    expect(json.report.warnings).toEqual([`${istio}: --nginx-format fits none of its first 3 lines; read as json, which fits 3`]);
    // Apache's `common` on a combined log fits every line as combined does (`%b`, the last field, runs to the line's
    // end), and reads no size where combined reads one: it is used, and said (until 6 Dec silently).
    const nginxLog = log('integrations_nginx_test-access.log');
    const apache = await read(nginxLog, { apacheFormat: '%h %l %u %t "%r" %>s %b' });
    expect(apache.report.warnings).toEqual([
      `${nginxLog}: --apache-format fits 14 of its first 14 lines, as does combined, which reads them otherwise (line 1: responseBytes 612, none by --apache-format); read with --apache-format`,
    ]);
    expect(apache.records[0]).not.toHaveProperty('responseBytes');
    // Combined's own format fits the vhost-prefixed lines too (`%h` the vhost, `%l` the client), and reads no host.
    const full = await read(nginxLog, { apacheFormat: '%h %l %u %t \\"%r\\" %>s %b \\"%{Referer}i\\" \\"%{User-Agent}i\\"' });
    expect(full.report.warnings).toEqual([
      `${nginxLog}: --apache-format fits 14 of its first 14 lines, as does combined, which reads them otherwise (line 13: host, none by --apache-format); read with --apache-format`,
    ]);
    // The log's own format ties unsaid.
    const vhost = log('integrations_apache_test-access-vhost.log');
    const own = await read(vhost, { apacheFormat: '%v %h %l %u %t \\"%r\\" %>s %b \\"%{Referer}i\\" \\"%{User-Agent}i\\"' });
    expect(own.report.warnings).toEqual([]);
    // Given both, --nginx-format wins their tie: here it swallows the vhost in `$remote_addr`, and the warning names the
    // other format given, which reads the host (until 7 Dec it named combined, and a tie of the two went unsaid).
    const both = await read(vhost, { nginxFormat, apacheFormat: '%v %h %l %u %t \\"%r\\" %>s %b \\"%{Referer}i\\" \\"%{User-Agent}i\\"' });
    expect(both.report.warnings).toEqual([
      `${vhost}: --nginx-format fits 2 of its first 2 lines, as does --apache-format, which reads them otherwise (line 1: host, none by --nginx-format); read with --nginx-format`,
    ]);
  });
});

describe('HAR files', () => {
  test.each([
    ['har-to-openapi__auth-variants.har', 4], ['har-to-openapi__media-types.har', 5], ['har-to-openapi__typed-params.har', 3],
    ['mitmproxy2swagger__form_data_har.har', 1], ['mitmproxy2swagger__headers_and_params_har.har', 1], ['mitmproxy__charles.har', 1],
    ['mitmproxy__chrome.har', 3], ['mitmproxy__firefox.har', 14], ['mitmproxy__safari.har', 19], ['optic__capture_har.har', 10],
    ['redocly__drift_traffic.har', 2], ['redocly__generate-spec_traffic.har', 2],
  ])('%s: %i exchanges', async (name, count) => {
    const { records, report } = await extract(har(name));
    expect(report.errors).toEqual([]);
    expect(records).toHaveLength(count);
  });

  test("Chromium's `x-unknown` mime type is no content type (a response that had none)", async () => {
    const { records } = await extract(har('mitmproxy__chrome.har'));
    expect(records.map((r) => r.responseContentType)).toEqual(['text/html', undefined, 'image/png']);
  });

  test('the server address takes the `_serverPort` browsers add, as a capture has it', async () => {
    const { records } = await extract(har('mitmproxy__safari.har'));
    expect(new Set(records.map((r) => r.dst))).toEqual(new Set(['13.35.121.29:443', undefined, '52.218.233.144:443']));
  });

  test('credentials become kinds and fingerprints of the credential; undated entries take the file time', async () => {
    const file = har('har-to-openapi__auth-variants.har');
    const { records, report } = await extract(file);
    const mtime = statSync(file).mtime.toISOString();
    const base = { ts: mtime, method: 'GET', host: 'api.example.com', scheme: 'https', status: 200, responseContentType: 'application/json', sensitive: [] };
    expect(records).toEqual([
      { ...base, path: '/bearer', auth: [{ kind: 'bearer-opaque', fingerprint: fp('token-123') }], source: { file, line: 1 } },
      { ...base, path: '/basic', auth: [{ kind: 'basic', fingerprint: fp('dGVzdDp0ZXN0') }], source: { file, line: 2 } },
      { ...base, path: '/custom', auth: [{ kind: 'api-key:x-api-key', fingerprint: fp('secret-key') }], source: { file, line: 3 } },
      // A CSRF token authenticates nobody: only the session cookie is the credential (since 6 Dec).
      { ...base, path: '/cookie', auth: [{ kind: 'cookie:session_id', fingerprint: fp('session_id=abc123') }], source: { file, line: 4 } },
    ]);
    expect(report.warnings).toEqual([`${file}: 4 HAR entries have no startedDateTime; the file's modification time (${mtime}) stands in`]);
  });

  test('query names only, request body type and size, response type', async () => {
    const typed = await extract(har('har-to-openapi__typed-params.har'));
    expect(typed.records[1]).toMatchObject({ path: '/orders/00123', query: ['limit', 'active', 'ratio', 'zip'] });
    const file = har('redocly__generate-spec_traffic.har');
    const { records } = await extract(file);
    expect(records[1]).toEqual({
      ts: '2024-01-01T00:00:01.000Z', method: 'POST', host: 'api.example.com', scheme: 'http', path: '/pets', requestContentType: 'application/json',
      status: 201, responseContentType: 'application/json', auth: [{ kind: 'none' }], sensitive: [], source: { file, line: 2 },
    });
    const optic = await extract(har('optic__capture_har.har'));
    expect(optic.records[3]).toMatchObject({ method: 'POST', path: '/books', host: 'localhost:3030', scheme: 'http', requestBytes: 61, status: 201, transport: 'http/1.1' });
  });

  test('response bodies are scanned for sensitive data and only the tag is kept', async () => {
    const { records } = await extract(har('mitmproxy__firefox.har'));
    const stats = records.find((r) => r.path === '/data/github-stats.json');
    // GitHub's repository object: its only address-like text is `"ssh_url": "git@github.com:mitmproxy/…"`, a git
    // remote, no mailbox (until 6 Dec tagged `email`).
    expect(stats?.sensitive).toEqual([]);
    expect(JSON.stringify(records)).not.toMatch(/@[a-z0-9-]+\.(com|org|io)"/);
  });
});
