import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { queryParamNames, splitRequestTarget } from '../../lib/exchange';
import { SHARED_FIXTURES } from '../require';
import { runExtract } from './logs-cli';

/**
 * Every log in ../shared/fixtures/logs/ with a reference parse (transcribed from Filebeat's expected
 * output) must give the same method, path and status on every line through `bin/lantern extract`.
 * The reference keeps the query in the URL; a record keeps the path and the parameter names.
 */
const LOGS = join(SHARED_FIXTURES, 'logs');
const references = readdirSync(LOGS).filter((f) => f.endsWith('.reference.tsv'));

test('the shared fixtures hold reference parses to check against', () => {
  expect(references.length).toBeGreaterThanOrEqual(2);
});

describe.each(references)('%s', (reference) => {
  const rows = readFileSync(join(LOGS, reference), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0 && !l.startsWith('#'))
    .map((l) => {
      const [line, method, url, status] = l.split('\t');
      return { line: Number(line), method, url, status: status === '' ? undefined : Number(status) };
    });
  const log = join(LOGS, reference.replace('.reference.tsv', '.log'));
  const { records, stderr, status } = runExtract([log]);

  test('extract reads every line, none malformed', () => {
    expect(status).toBe(0);
    expect(stderr).toContain(`exchanges ${rows.length}, files 1, lines ${rows.length}, malformed 0`);
    expect(records.map((r) => r.source?.line)).toEqual(rows.map((r) => r.line));
  });

  test.each(rows)('line $line: $method $url $status', (row) => {
    const record = records.find((r) => r.source?.line === row.line);
    expect(record).toBeDefined();
    const { path, rawQuery } = splitRequestTarget(row.url ?? '');
    const names = queryParamNames(rawQuery);
    expect({ method: record!.method, path: record!.path, query: record!.query, status: record!.status }).toEqual({
      method: row.method === '' ? undefined : row.method,
      path: row.url === '' ? undefined : path,
      query: names.length > 0 ? names : undefined,
      status: row.status,
    });
  });
});

/**
 * What the reference TSVs leave out, transcribed from the same Filebeat expected outputs (elastic/beats,
 * filebeat/module/{nginx,traefik}/access/test/test.log-expected.json): `@timestamp`, the body size, the HTTP version
 * and the agent ("-" is none). The client address is left out on purpose: Filebeat takes the first public address of
 * an X-Forwarded-For list, a record the peer that connected (combined.ts).
 */
const FILEBEAT_MORE: Record<string, Array<[string, number, string | undefined, string | undefined]>> = {
  'filebeat_nginx_access_test.log': [
    ['2016-12-07T10:05:07.000Z', 571, 'http/1.1', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.12; rv:49.0) Gecko/20100101 Firefox/49.0'],
    ['2017-05-29T19:02:48.000Z', 612, 'http/1.1', 'Mozilla/5.0 (Windows NT 6.1; rv:15.0) Gecko/20120716 Firefox/15.0a2'],
    ['2016-12-07T10:05:07.000Z', 571, 'http/1.1', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.12; rv:49.0) Gecko/20100101 Firefox/49.0'],
    ['2016-12-07T10:05:07.000Z', 571, 'http/1.1', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36'],
    ['2016-01-22T13:18:29.000Z', 25507, 'http/1.1', 'Amazon CloudFront'],
    ['2016-12-30T06:47:09.000Z', 8571, 'http/1.1', 'Mozilla/5.0 (compatible; Facebot 1.0; https://developers.facebook.com/docs/sharing/webmasters/crawler)'],
    ['2018-04-12T07:48:40.000Z', 0, undefined, undefined],
  ],
  'filebeat_traefik_access_test.log': [
    ['2017-10-02T20:22:07.000Z', 0, 'http/1.1', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/61.0.3163.100 Safari/537.36'],
    ['2017-10-02T20:22:08.000Z', 0, 'http/1.1', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/61.0.3163.100 Safari/537.36'],
  ],
};

test.each(Object.keys(FILEBEAT_MORE))('%s: times, body sizes, HTTP versions and agents as Filebeat reads them', (name) => {
  const { records } = runExtract([join(LOGS, name)]);
  expect(records.map((r) => [r.ts, r.responseBytes, r.transport, r.userAgent])).toEqual(FILEBEAT_MORE[name]);
});
