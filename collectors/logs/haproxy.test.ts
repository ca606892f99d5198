import { expect, test } from 'vitest';
import { createHaproxyFormat } from './haproxy';
import { parseOne, TEST_KEY } from './test-helpers';

const haproxy = createHaproxyFormat(TEST_KEY);

test('reads the HTTP log format behind a syslog prefix (HAProxy docs example)', () => {
  const line = 'Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"';
  expect(parseOne(haproxy, line).records).toEqual([{
    ts: '2009-02-06T12:14:14.655Z', src: '10.0.1.2:33317', method: 'GET', path: '/index.html', transport: 'http/1.1',
    status: 200, latencyMs: 109, responseBytes: 2750, source: { file: 't.log', line: 1 },
  }]);
});

test('reads an RFC 5424 prefix, a +bytes count and a <BADREQ>', () => {
  const line = '<134>1 2024-05-01T10:00:00+00:00 lb haproxy 77 - - 192.0.2.5:4000 [01/May/2024:10:00:00.001] fe~ be/<NOSRV> -1/-1/-1/-1/+5 400 +187 - - PR-- 1/1/0/0/0 0/0 "<BADREQ>"';
  expect(parseOne(haproxy, line).records).toEqual([{
    ts: '2024-05-01T10:00:00.001Z', src: '192.0.2.5:4000', status: 400, latencyMs: 5, responseBytes: 187, source: { file: 't.log', line: 1 },
  }]);
});

test('TCP-mode lines are skipped', () => {
  expect(parseOne(haproxy, 'Feb  6 12:12:51 localhost haproxy[14387]: 10.0.1.2:33313 [06/Feb/2009:12:12:51.443] fnt bck/srv1 0/0/5007 212 -- 0/0/0/0/3 0/0').status).toBe('skip');
});
