import { expect, test } from 'vitest';
import { scopeAlternatives, scopesInEvery, securityRows, storedRequirements } from './scope-alternatives';

const req = (schemes: Record<string, string[]>) => ({ schemes });

test('requirements are alternatives, in the spec order; schemes of one requirement are asked together', () => {
  const alts = scopeAlternatives([req({ oauth: ['charges:read'] }), req({ oauth: ['charges:admin'] }), req({ oauth: ['charges:read'] })]);
  expect(alts).toEqual([['charges:read'], ['charges:admin']]);
  expect(scopesInEvery(alts)).toEqual([]);
  const together = scopeAlternatives([req({ oauth: ['b', 'a'], openid: ['a', 'c'] })]);
  expect(together).toEqual([['a', 'b', 'c']]);
  expect(scopesInEvery(together)).toEqual(['a', 'b', 'c']);
});

test('anonymous ({}) or an API key beside OAuth needs no scope; a scope in every alternative is needed', () => {
  expect(scopeAlternatives([req({}), req({ oauth: ['read'] })])).toEqual([[], ['read']]);
  expect(scopesInEvery(scopeAlternatives([req({ oauth: ['read'] }), req({ key: [] })]))).toEqual([]);
  expect(scopesInEvery(scopeAlternatives([req({ oauth: ['read', 'write'] }), req({ oauth: ['read', 'admin'] })]))).toEqual(['read']);
  expect(scopeAlternatives([])).toEqual([]);
});

test('stored rows are grouped by requirement, in order; rows without an index are one requirement', () => {
  const row = (requirement: number, scheme: string, scopes: string[]) => ({ requirement, scheme, type: 'oauth2', scopes });
  expect(storedRequirements([row(1, 'oauth', ['b']), row(0, 'oauth', ['a']), row(0, 'key', [])])).toEqual([req({ oauth: ['a'], key: [] }), req({ oauth: ['b'] })]);
  expect(storedRequirements([{ scheme: 'oauth', scopes: ['x'] }, { scheme: 'o2', scopes: ['y'] }])).toEqual([req({ oauth: ['x'], o2: ['y'] })]);
  expect(storedRequirements(null)).toEqual([]);
});

test('`{}` is stored as a row of its own and read back as `{}`, in its place among the alternatives', () => {
  const requirements = [req({}), req({ oauth: ['read'], key: [] })];
  const rows = securityRows(requirements, (scheme) => (scheme === 'oauth' ? 'oauth2' : 'apiKey'));
  expect(rows).toEqual([
    { requirement: 0, anonymous: true },
    { requirement: 1, scheme: 'oauth', type: 'oauth2', scopes: ['read'] },
    { requirement: 1, scheme: 'key', type: 'apiKey', scopes: [] },
  ]);
  expect(storedRequirements(rows)).toEqual(requirements);
  expect(storedRequirements(securityRows([], () => 'x'))).toEqual([]);
});
