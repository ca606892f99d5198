import { expect, test } from 'vitest';
import { contradictedBy } from './override-conflicts';

const o = (id: string, action: string, pattern: string, host = 'shop.test', method = 'GET') => ({ id, action, pattern, host, method });

test('a merge and a split of the same paths name each other, whatever the parameters are called', () => {
  const found = contradictedBy([o('m', 'merge', '/carts/{cartId}', '*', '*'), o('s', 'split', 'carts/{id}'), o('x', 'split', '/carts/search')]);
  expect([...found].map(([id, other]) => [id, other.id])).toEqual([['m', 's'], ['s', 'm']]);
});

test('near misses contradict nothing: other paths, another host or method, two merges, an ignore', () => {
  expect(contradictedBy([o('m', 'merge', '/carts/{id}'), o('s', 'split', '/carts/{id}/items')]).size).toBe(0);
  expect(contradictedBy([o('m', 'merge', '/carts/{id}'), o('s', 'split', '/carts/{id}', 'other.test')]).size).toBe(0);
  expect(contradictedBy([o('m', 'merge', '/carts/{id}'), o('s', 'split', '/carts/{id}', 'shop.test', 'POST')]).size).toBe(0);
  expect(contradictedBy([o('m', 'merge', '/carts/{id}'), o('n', 'merge', '/carts/*'), o('i', 'ignore', '/carts/*')]).size).toBe(0);
});
