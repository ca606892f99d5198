import { expect, test } from 'vitest';
import { overrideCreatedSummary, overrideDeletedSummary, rewordedLegacySummary } from './override-audit-summary';

const merge = { action: 'merge', method: 'GET', host: '*', pattern: '/a/{id}' };

test('a merge names the stored templates it folded and what they became, `*` in words', () => {
  expect(overrideCreatedSummary(merge, { merged: [{ into: '/a/{id}', from: ['/a/2', '/a/1'] }] })).toBe('merged GET /a/1, /a/2 into /a/{id} on every host');
  expect(overrideCreatedSummary({ ...merge, method: '*', host: 'shop.test' }, { merged: [{ into: '/a/{id}', from: ['/a/1'] }] })).toBe('merged /a/1 into /a/{id} on shop.test, every method');
  expect(overrideCreatedSummary(merge)).toBe('merged GET /a/{id} on every host (no stored endpoint to fold)');
  const two = [{ into: '/a/{id}/items', from: ['/a/2/items', '/a/1/items'] }, { into: '/a/{id}', from: ['/a/1'] }, { into: '/a/{id}/items', from: ['/a/3/items'] }];
  expect(overrideCreatedSummary(merge, { merged: two })).toBe('merged GET /a/1 into /a/{id}; /a/1/items, /a/2/items, /a/3/items into /a/{id}/items on every host');
});

test('a merge of many lists five and counts the rest', () => {
  const from = Array.from({ length: 8 }, (_, i) => `/a/${i}`);
  expect(overrideCreatedSummary(merge, { merged: [{ into: '/a/{id}', from }] })).toBe('merged GET /a/0, /a/1, /a/2, /a/3, /a/4 and 3 more into /a/{id} on every host');
});

test("a split keeps its removed rows' tail as stored-audit-paths reads it; ignore and delete read as sentences", () => {
  const split = { action: 'split', method: '*', host: 'shop.test', pattern: '/carts/checkout' };
  expect(overrideCreatedSummary(split, { removed: [{ method: 'GET', pathTemplate: '/carts/{cartId}', requestCount: 3n }] })).toBe('split /carts/checkout on shop.test, every method; removed GET /carts/{cartId} (3 requests)');
  expect(overrideCreatedSummary(split)).toBe('split /carts/checkout on shop.test, every method (no stored endpoint to remove)');
  expect(overrideCreatedSummary({ action: 'ignore', method: 'GET', host: 'shop.test', pattern: '/health' })).toBe('ignored GET /health on shop.test');
  expect(overrideDeletedSummary(merge)).toBe('deleted the merge override of GET /a/{id} on every host');
});

test("an older release's text is reworded, its tail kept; today's text and other events are left", () => {
  expect(rewordedLegacySummary('override.create', 'merge * */a/{id}')).toBe('merged /a/{id} on every host, every method');
  expect(rewordedLegacySummary('override.create', 'split GET shop.test/v1/docs/My doc; removed GET /v1/docs/{docId} (2 requests)')).toBe('split GET /v1/docs/My doc on shop.test; removed GET /v1/docs/{docId} (2 requests)');
  expect(rewordedLegacySummary('override.delete', 'ignore * shop.test/hooks/{redacted}: its pattern carried a credential')).toBe('deleted the ignore override of /hooks/{redacted} on shop.test, every method: its pattern carried a credential');
  for (const today of ['split GET /a/b on shop.test', 'split /a/b on shop.test, every method; removed GET /a/{id} (1 requests)', 'merged GET /a/1 into /a/{id} on every host', 'deleted the merge override of GET /a/{id} on every host']) {
    expect(rewordedLegacySummary('override.create', today)).toBeUndefined();
    expect(rewordedLegacySummary('override.delete', today)).toBeUndefined();
  }
  expect(rewordedLegacySummary('endpoint.triage', 'merge GET shop.test/a')).toBeUndefined();
});
