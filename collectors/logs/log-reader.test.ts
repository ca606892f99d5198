import { expect, test } from 'vitest';
import type { LineFormat } from './line-format';
import { createLineFeeder } from './log-reader';
import { Tally } from './tally';

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
