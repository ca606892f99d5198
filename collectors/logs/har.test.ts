import { expect, test } from 'vitest';
import { exchangeSchema, type Exchange } from '../../lib/exchange';
import { createHarFormat } from './har';
import { TEST_KEY } from './test-helpers';

/** A HAR 1.2 entry as browsers write it, with only what a test needs changed. */
function entry(request: Record<string, unknown>): Record<string, unknown> {
  return {
    startedDateTime: '2024-01-01T00:00:00.000Z',
    time: 5,
    request: { method: 'GET', httpVersion: 'HTTP/1.1', headers: [], cookies: [], headersSize: -1, bodySize: 0, ...request },
    response: { status: 200, httpVersion: 'HTTP/1.1', headers: [], cookies: [], content: { size: 0 }, headersSize: -1, bodySize: 0 },
  };
}

function parseHar(entries: unknown[]): Exchange[] {
  const records: Exchange[] = [];
  createHarFormat(TEST_KEY).parseDocument({ log: { version: '1.2', entries } }, 't.har', (ex) => records.push(exchangeSchema.parse(ex)));
  return records;
}

test('each record names its entry (1-based index in log.entries), skipped entries counted in', () => {
  const records = parseHar([entry({ url: 'https://a.example/one' }), { request: 'not an entry' }, entry({ url: 'https://a.example/three' })]);
  expect(records.map((r) => [r.path, r.source])).toEqual([
    ['/one', { file: 't.har', line: 1 }],
    ['/three', { file: 't.har', line: 3 }],
  ]);
});
