import { expect, test } from 'vitest';
import { withStorableText } from './storable-text';

test('names like __proto__ and constructor keep their counts when a NUL elsewhere in the object is rewritten', () => {
  const params = JSON.parse('{"__proto__":1,"constructor":2,"prototype":3,"a\\u0000b":4,"a%00b":5}') as Record<string, number>;
  const stored = withStorableText({ queryParams: params }).queryParams;
  expect(Object.entries(stored)).toEqual([['__proto__', 1], ['constructor', 2], ['prototype', 3], ['a%00b', 9]]);
  expect(Object.getPrototypeOf(stored)).toBe(Object.prototype);
  expect(JSON.stringify(stored)).toBe('{"__proto__":1,"constructor":2,"prototype":3,"a%00b":9}');
});
