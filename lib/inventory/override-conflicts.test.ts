import { expect, test } from 'vitest';
import { contradictedBy, repeatedBy } from './override-conflicts';

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

test('the same override with its parameter named otherwise (saved before the 409) names the other, both ways', () => {
  // Outer slashes aside, as the 409 compares them (lib/discovery/pattern-shape.ts).
  const found = repeatedBy([o('a', 'merge', '/carts/{cartId}', '*', '*'), o('b', 'merge', 'carts/*', '*', '*'), o('c', 'ignore', '/health'), o('d', 'ignore', '/health/')]);
  expect([...found].map(([id, other]) => [id, other.id])).toEqual([['a', 'b'], ['b', 'a'], ['c', 'd'], ['d', 'c']]);
});

test('repeats nothing: another action, host, method or paths (a merge of every host beside one of this host is narrower, not the same)', () => {
  expect(repeatedBy([o('m', 'merge', '/carts/{id}'), o('s', 'split', '/carts/{cartId}')]).size).toBe(0);
  expect(repeatedBy([o('m', 'merge', '/carts/{id}'), o('n', 'merge', '/carts/{cartId}', '*')]).size).toBe(0);
  expect(repeatedBy([o('m', 'merge', '/carts/{id}'), o('n', 'merge', '/carts/{cartId}', 'shop.test', '*')]).size).toBe(0);
  expect(repeatedBy([o('m', 'merge', '/carts/{id}'), o('n', 'merge', '/carts/{id}/items')]).size).toBe(0);
});
