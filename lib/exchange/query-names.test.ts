import { expect, test } from 'vitest';
import { queryParamNames, splitRequestTarget } from './query-names';

test('query strings are reduced to decoded, de-duplicated names in first-seen order', () => {
  expect(queryParamNames('b=1&a=2&b=3&flag&a%5B%5D=x&q+s=1&=x&')).toEqual(['b', 'a', 'flag', 'a[]', 'q s']);
  expect(queryParamNames('')).toEqual([]);
  expect(queryParamNames('%E0%A4%A=bad')).toEqual(['%E0%A4%A']);
});

test('request targets split at the first ? and drop fragments', () => {
  expect(splitRequestTarget('/a/b?x=1?y=2#frag')).toEqual({ path: '/a/b', rawQuery: 'x=1?y=2' });
  expect(splitRequestTarget('/only/path')).toEqual({ path: '/only/path', rawQuery: '' });
  expect(splitRequestTarget('*')).toEqual({ path: '*', rawQuery: '' });
});
