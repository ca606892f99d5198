import { expect, test } from 'vitest';
import { describeJsonError } from './json-syntax-error';

test('names where the JSON breaks, never the text (V8 quotes it: a credential would reach the terminal)', () => {
  const text = '{"token":TOKEN_SECRETJ13}\n';
  expect(() => JSON.parse(text)).toThrow(/TOKEN_SECR/);
  expect(describeJsonError(text)).toBe('line 1, column 10: InvalidSymbol');
  expect(describeJsonError('{\n  "log": {\n    "entries": [\n      {"password": "hunter2"\n')).toBe('line 5, column 1: CloseBraceExpected');
});
