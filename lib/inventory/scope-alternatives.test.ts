import { expect, test } from 'vitest';
import { scopeAlternatives, scopesInEvery } from './scope-alternatives';

const row = (requirement: number, scheme: string, scopes: string[]) => ({ requirement, scheme, type: 'oauth2', scopes });

test('requirements are alternatives, in the spec order; schemes of one requirement are asked together', () => {
  const alts = scopeAlternatives([row(0, 'oauth', ['charges:read']), row(1, 'oauth', ['charges:admin']), row(2, 'oauth', ['charges:read'])]);
  expect(alts).toEqual([['charges:read'], ['charges:admin']]);
  expect(scopesInEvery(alts)).toEqual([]);
  const together = scopeAlternatives([row(0, 'oauth', ['b', 'a']), row(0, 'openid', ['a', 'c'])]);
  expect(together).toEqual([['a', 'b', 'c']]);
  expect(scopesInEvery(together)).toEqual(['a', 'b', 'c']);
});

test('an API key beside OAuth needs no scope; a scope in every alternative is needed; nothing stored is nothing', () => {
  expect(scopesInEvery(scopeAlternatives([row(0, 'oauth', ['read']), row(1, 'key', [])]))).toEqual([]);
  expect(scopesInEvery(scopeAlternatives([row(0, 'oauth', ['read', 'write']), row(1, 'oauth', ['read', 'admin'])]))).toEqual(['read']);
  expect(scopeAlternatives([])).toEqual([]);
  expect(scopeAlternatives(null)).toEqual([]);
  expect(scopeAlternatives([{ scheme: 'oauth', scopes: ['x'] }, { scheme: 'o2', scopes: ['y'] }])).toEqual([['x', 'y']]);
});
