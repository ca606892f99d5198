import { expect, test } from 'vitest';
import type { Exchange } from '../../lib/exchange';
import { azureFormat } from './azure';
import { createCombinedFormat } from './combined';
import { criEnvelope } from './cri-envelope';
import type { LineFormat } from './line-format';
import { createJsonLinesFormat } from './json-lines';
import { createLineFeeder } from './log-reader';
import { Tally } from './tally';
import { TEST_KEY } from './test-helpers';

test('a parser that throws (a bug) costs its line, and the warning does not quote the line', () => {
  const throwing: LineFormat = {
    name: 'json',
    looksLike: () => true,
    parse: (line) => (JSON.parse(line) as unknown, 'invalid'),
  };
  const tally = new Tally();
  const feeder = createLineFeeder('t.log', throwing, tally, () => {});
  feeder.push(Buffer.from('{"token":TOKEN_SECRETJ13}\n'));
  expect(tally.malformed).toBe(1);
  expect(tally.warnings).toEqual(['t.log:1: parser failed (SyntaxError; please report it)']);
});

test('resumed from a position held at a line in parts, the parts are read again and nothing before is emitted twice', () => {
  const T = '2024-10-10T13:55:36Z';
  const access = (i: number) => `10.0.0.1 - - [10/Oct/2024:13:55:36 +0000] "GET /seq/${i} HTTP/1.1" 200 5 "-" "curl/8.0"`;
  const a1 = access(1);
  const before = [`${T} stdout F ${access(0)}`, `${T} stdout P ${a1.slice(0, 30)}`, `${T} stderr F ${access(9)}`, `${T} stdout P ${a1.slice(30, 50)}`, ''].join('\n');
  const after = [`${T} stdout F ${a1.slice(50)}`, `${T} stdout F ${access(2)}`, ''].join('\n');
  const file = Buffer.from(before + after);
  const records: Array<[string | undefined, number | undefined]> = [];
  const sink = (ex: Exchange) => records.push([ex.path, ex.source?.line]);
  const tally = new Tally();
  const first = createLineFeeder('0.log', criEnvelope(createCombinedFormat(TEST_KEY)), tally, sink);
  first.push(file.subarray(0, before.length));
  const saved = first.position();
  expect(saved).toEqual({ offset: before.length, lineNo: 4, partsFrom: { offset: before.indexOf(`${T} stdout P`), lineNo: 1 } });

  const resumed = createLineFeeder('0.log', criEnvelope(createCombinedFormat(TEST_KEY)), tally, sink, saved);
  expect(resumed.readFrom).toBe(saved.partsFrom!.offset);
  // Read in small chunks: until the saved line is passed again, the saved position stands.
  for (let at = resumed.readFrom; at < file.length; at += 16) {
    resumed.push(file.subarray(at, Math.min(at + 16, file.length)));
    if (resumed.lineNo < 4) expect(resumed.position()).toEqual(saved);
  }
  resumed.finish();
  expect(records).toEqual([['/seq/0', 1], ['/seq/9', 3], ['/seq/1', 2], ['/seq/2', 6]]);
  expect(resumed.position()).toEqual({ offset: file.length, lineNo: 6 });
  expect({ lines: tally.lines, exchanges: tally.exchanges, malformed: tally.malformed }).toEqual({ lines: 6, exchanges: 4, malformed: 0 });
});

test('whitespace-only lines (a hand-edited or concatenated log) are not counted, as empty lines are not; the counts add up', () => {
  const tally = new Tally();
  const records: Exchange[] = [];
  const feeder = createLineFeeder('t.log', createCombinedFormat(TEST_KEY), tally, (ex) => records.push(ex));
  const line = '10.0.0.1 - - [10/Oct/2024:13:55:36 +0000] "GET /a HTTP/1.1" 200 5 "-" "curl/8.0"';
  feeder.push(Buffer.from(`${line}\n   \n\t\r\n\n${line}\n  not a log line\n`));
  feeder.finish();
  expect(records.map((r) => r.source?.line)).toEqual([1, 5]);
  expect({ lines: tally.lines, exchanges: tally.exchanges, malformed: tally.malformed, skipped: tally.skipped }).toEqual({ lines: 3, exchanges: 2, malformed: 1, skipped: 0 });
  expect(tally.warnings).toEqual(['t.log:6: not a combined line']);
});

test('a batch line (an Event Hub `records` array) with a record no reader takes beside records read is said, not lost', () => {
  // Until 7 Dec the line counted as read and its unread record went unsaid: exchanges 1, malformed 0.
  const azure = createJsonLinesFormat([azureFormat], [], TEST_KEY, 'azure');
  const access = (path: string, time = '2026-12-04T13:46:33Z') => ({ time, resourceId: '/X/FRONTDOORS/SHOP', category: 'FrontDoorAccessLog', operationName: 'x', properties: { httpMethod: 'GET', requestUri: `https://a.example${path}`, httpStatusCode: '200' } });
  const tally = new Tally();
  const records: Exchange[] = [];
  const feeder = createLineFeeder('eh.json', azure, tally, (ex) => records.push(ex));
  feeder.push(Buffer.from(`${JSON.stringify({ records: [access('/x'), access('/y', 'bad time')] })}\n${JSON.stringify({ records: [access('/z')] })}\n`));
  feeder.finish();
  expect(records.map((r) => r.path)).toEqual(['/x', '/z']);
  expect({ lines: tally.lines, exchanges: tally.exchanges, malformed: tally.malformed }).toEqual({ lines: 2, exchanges: 2, malformed: 1 });
  expect(tally.warnings).toEqual(['eh.json:1: 1 of its records not read as azure']);
});
