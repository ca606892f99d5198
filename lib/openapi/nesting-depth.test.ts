import { expect, test } from 'vitest';
import { exceedsNestingDepth } from './nesting-depth';

test('counts arrays and objects alike, scalars are not a level', () => {
  expect(exceedsNestingDepth({ a: [{ b: 1 }] }, 3)).toBe(false);
  expect(exceedsNestingDepth({ a: [{ b: {} }] }, 3)).toBe(true);
  expect(exceedsNestingDepth('text', 0)).toBe(false);
});

test('100,000 levels without a stack overflow', () => {
  let deep: unknown = 1;
  for (let i = 0; i < 100_000; i++) deep = [deep];
  expect(exceedsNestingDepth(deep, 256)).toBe(true);
});

test('a cyclic value (self-containing YAML anchor) terminates', () => {
  const node: Record<string, unknown> = {};
  node.self = node;
  expect(exceedsNestingDepth(node, 256)).toBe(false);
});
