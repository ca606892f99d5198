import { expect, test } from 'vitest';
import { createClfTimeParser, parseClfTime } from './clf-time';

test('converts CLF local time with offset to UTC', () => {
  expect(parseClfTime('09/Jun/2020:12:10:39 -0700')).toBe('2020-06-09T19:10:39.000Z');
  expect(parseClfTime('07/Dec/2016:11:05:07 +0100')).toBe('2016-12-07T10:05:07.000Z');
});

test('reads HAProxy milliseconds without an offset as UTC', () => {
  expect(parseClfTime('06/Feb/2009:12:14:14.655')).toBe('2009-02-06T12:14:14.655Z');
});

test.each(['', '32/Jan/2020:00:00:00 +0000', '01/Jan/2020:24:00:00 +0000', '01/Jan/2020:00:00:00 +2500', '01/Jan/2020:00:00:00 0000', '29/Feb/2023:00:00:00 +0000'])(
  'rejects %j',
  (text) => {
    expect(parseClfTime(text)).toBeUndefined();
  },
);

test('the cached parser answers repeated seconds from its cache and new ones correctly', () => {
  const parse = createClfTimeParser();
  expect(parse('01/Jan/2024:00:00:00 +0000')).toBe('2024-01-01T00:00:00.000Z');
  expect(parse('01/Jan/2024:00:00:00 +0000')).toBe('2024-01-01T00:00:00.000Z');
  expect(parse('01/Jan/2024:00:00:01 +0000')).toBe('2024-01-01T00:00:01.000Z');
  expect(parse('bad')).toBeUndefined();
});
