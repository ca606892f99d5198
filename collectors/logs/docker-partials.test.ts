import { expect, test } from 'vitest';
import { dockerEntries, dockerPartials } from './docker-partials';
import type { LineFormat } from './line-format';
import { MAX_LINE_BYTES } from './line-splitter';

const entry = (log: string, stream = 'stdout') => JSON.stringify({ log, stream, time: '2024-10-10T13:55:36.1Z' });

/** Records what the inner format is handed: the line as given, or the joined entry's log and line. */
function readAll(lines: string[]) {
  const seen: Array<[string, number]> = [];
  const inner: LineFormat = { name: 'json', looksLike: () => true, parse: (line, origin) => (seen.push([(JSON.parse(line) as { log: string }).log, origin.line]), 'ok') };
  const format = dockerPartials(inner);
  const held: (readonly number[])[] = [];
  const statuses = lines.map((l, i) => {
    const status = format.parse(l, { file: 'c.log', line: i + 1 }, () => {});
    held.push(format.heldLines!());
    return status;
  });
  return { seen, held, statuses };
}

test('parts are joined per stream and read as the line of the first part; whole entries pass as they are', () => {
  const { seen, held, statuses } = readAll([entry('a\n'), entry('b1'), entry('e1', 'stderr'), entry('b2'), entry('e2\n', 'stderr'), entry('b3\n'), entry('c\n')]);
  expect(seen).toEqual([['a\n', 1], ['e1e2\n', 3], ['b1b2b3\n', 2], ['c\n', 7]]);
  expect(held).toEqual([[], [2], [2, 3], [2, 3], [2], [], []]);
  expect(statuses).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
});

test('parts over the longest line in all are one malformed line, and the next line reads', () => {
  const big = 'x'.repeat(MAX_LINE_BYTES / 2 + 1);
  const { seen, statuses } = readAll([entry(big), entry(big), entry(big), entry('tail\n'), entry('next\n')]);
  expect(statuses).toEqual(['ok', 'ok', 'ok', 'invalid', 'ok']);
  expect(seen).toEqual([['next\n', 5]]);
});

test('the head is sniffed on joined entries when most of its lines are Docker entries', () => {
  expect(dockerEntries([entry('a'), entry('b\n'), entry('c\n')])?.map((l) => (JSON.parse(l) as { log: string }).log)).toEqual(['ab\n', 'c\n']);
  expect(dockerEntries(['{"level":"info"}', 'x', entry('c\n')])).toBeUndefined();
});
