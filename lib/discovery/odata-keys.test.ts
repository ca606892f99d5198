import { expect, test } from 'vitest';
import { createDiscoveryEngine } from './discovery-engine';
import { storedTemplateMayChange } from './stored-template';

const NOW = new Date('2026-01-10T00:00:00Z');

function shadows(paths: string[]): string[] {
  const engine = createDiscoveryEngine({ specs: [], overrides: [] });
  for (const path of paths) engine.addExchange({ ts: '2026-01-01T00:00:00Z', host: 'api.test', method: 'GET', path, status: 200 });
  return engine.result(NOW).endpoints.map((e) => `${e.path} ${e.requests}`).sort();
}

test('keys of one entity set, or of several, are its key parameter without an OData marker in the path (`/api/Products(1)`)', () => {
  // Before: each entity a literal endpoint of its own, `/api/Products(1)`, `/api/Products(2)`…, as no `odata` root marked them.
  expect(shadows(['/api/Products(1)', '/api/Products(2)', '/api/Products(42)', '/api/Products(2)/Supplier', '/api/Products(7)/Supplier'])).toEqual([
    '/api/Products({productId}) 3', '/api/Products({productId})/Supplier 2',
  ]);
  // Keys of several sets, one each: before, one `/api/{param}` for Products, Orders and Customers.
  expect(shadows(['/api/Products(1)', '/api/Orders(2)', '/api/Customers(3)'])).toEqual(['/api/Customers({customerId}) 1', '/api/Orders({orderId}) 1', '/api/Products({productId}) 1']);
});

test("a title's qualifiers, a lone key and names with parentheses are not keys", () => {
  // A film's title is no entity set (not `/wiki/Heat({heatId})`): values of the wiki's pages, as before.
  expect(shadows(['/wiki/Heat(1995)', '/wiki/Heat(1986)', '/wiki/Heat(2003)'])).toEqual(['/wiki/{wikiId} 3']);
  expect(shadows(['/api/Products(1)'])).toEqual(['/api/Products(1) 1']);
  expect(shadows(['/wiki/Python_(programming_language)', '/files/report(1).pdf'])).toEqual(['/files/report(1).pdf 1', '/wiki/Python_(programming_language) 1']);
});

test("a set's key stored with one key in its examples stays the set's parameter at the server's door", () => {
  // Before: rule 45 (a title's `Heat({heatId})` is the literal again) took `/api/Products({productId})` whose examples
  // held one key for such a title, and a current collector's template was stored as the literal `/api/Products(1)`.
  expect(storedTemplateMayChange('/api/Products({productId})', ['/api/Products(1)'])).toBe(false);
  expect(storedTemplateMayChange('/wiki/Heat({heatId})', ['/wiki/Heat(1995)'])).toBe(true);
});
