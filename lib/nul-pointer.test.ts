import { describe, expect, test } from 'vitest';
import { firstNulPointer } from './nul-pointer';

describe('firstNulPointer', () => {
  test('names the first NUL in reading order, in a key or a string, as a pointer', () => {
    expect(firstNulPointer({ a: 'ok', b: ['x', 'y\u0000'], c: 'z\u0000' })).toBe('/b/1');
    expect(firstNulPointer({ paths: { '/a\u0000b': {} } })).toBe('/paths/~1a%00b');
    expect(firstNulPointer({ a: [1, null, true, 'text'] })).toBeUndefined();
  });

  test('a body nested 200,000 deep (1 MB of brackets JSON.parse accepts) is walked without overflowing the stack', () => {
    const depth = 200_000;
    const withNul = JSON.parse(`${'['.repeat(depth)}"\\u0000"${']'.repeat(depth)}`);
    expect(firstNulPointer(withNul)).toBe('/0'.repeat(depth));
    expect(firstNulPointer(JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`))).toBeUndefined();
  });
});

describe('firstNulPointer on YAML alias graphs', () => {
  test('a node that contains itself (an anchor inside its own alias) ends the walk instead of looping', () => {
    const self: Record<string, unknown> = { name: 'x' };
    self.child = self;
    expect(firstNulPointer({ 'x-self': self })).toBeUndefined();
    self.note = 'a\u0000b';
    expect(firstNulPointer({ 'x-self': self })).toBe('/x-self/note');
  });

  test('a node shared by two places is reported where it is first met', () => {
    const shared = { v: 'nul\u0000' };
    expect(firstNulPointer({ a: shared, b: shared })).toBe('/a/v');
  });
});
