import { expect, test } from 'vitest';
import { addCounts, countOf, subtractCounts, tally } from './count-map';

const PROTO_KEYS = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__'];

test('keys named after Object.prototype members are summed like any other', () => {
  const one = Object.fromEntries(PROTO_KEYS.map((k) => [k, 1]));
  const sum = addCounts(addCounts({}, one), one);
  expect(Object.entries(sum)).toEqual(PROTO_KEYS.map((k) => [k, 2]));
  expect(JSON.parse(JSON.stringify(sum))).toEqual(Object.fromEntries(PROTO_KEYS.map((k) => [k, 2])));
});

test('a stored value that is not a count is dropped, so the next write heals a corrupted row', () => {
  const corrupted = { '200': 3, constructor: 'function Object() { [native code] }11' } as unknown as Record<string, number>;
  expect(addCounts(corrupted, { constructor: 1 })).toEqual({ '200': 3, constructor: 1 });
});

test('reads and differences never see inherited members', () => {
  expect(countOf({}, 'toString')).toBe(0);
  expect(subtractCounts({ valueOf: 5, bytes: 9 }, { bytes: 4 })).toEqual({ valueOf: 5, bytes: 5 });
  expect(tally(['shadow', 'constructor', 'shadow'])).toEqual({ shadow: 2, constructor: 1 });
});
