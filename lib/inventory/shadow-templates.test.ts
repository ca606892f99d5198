import { describe, expect, test } from 'vitest';
import { coveringTemplate, indexShadowTemplates, type ShadowTemplateRow } from './shadow-templates';

const row = (pathTemplate: string, requestCount: number, method = 'GET', host = 'shop.example'): ShadowTemplateRow => ({ host, method, pathTemplate, requestCount });

describe('coveringTemplate', () => {
  const index = indexShadowTemplates([
    row('/members/{memberId}', 40),
    row('/members/{memberId}/orders', 30),
    row('/members/{memberId}/orders/{orderId}', 12),
    row('/members/{memberId}/{param}', 8),
    row('/members/ann', 1), // literal rows cover nothing
    row('/members/{memberId}', 5, 'DELETE'),
    row('/files/{id}.json', 9),
  ]);
  const cover = (path: string, requests = 1, method = 'GET', host = 'shop.example') => coveringTemplate(index, host, method, path, requests);

  test('a literal a stored template covers goes to it; same host, method and length only', () => {
    expect(cover('/members/zoe')).toBe('/members/{memberId}');
    expect(cover('/members/zoe', 1, 'DELETE')).toBe('/members/{memberId}');
    expect(cover('/members/zoe', 1, 'PUT')).toBeUndefined();
    expect(cover('/members/zoe', 1, 'GET', 'other.example')).toBeUndefined();
    expect(cover('/members')).toBeUndefined();
    expect(cover('/teams/zoe')).toBeUndefined();
  });

  test('the most specific template wins, and partly templated paths are covered too', () => {
    expect(cover('/members/zoe/orders')).toBe('/members/{memberId}/orders');
    expect(cover('/members/zoe/orders/7')).toBe('/members/{memberId}/orders/{orderId}');
    expect(cover('/members/{memberId}/orders/7')).toBe('/members/{memberId}/orders/{orderId}');
    expect(cover('/members/zoe/invoices')).toBe('/members/{memberId}/{param}');
  });

  test('a quiet template goes to a wider one, a busy one stays; same-position parameters never take each other', () => {
    expect(cover('/members/{memberId}/orders', 3)).toBe('/members/{memberId}/{param}');
    expect(cover('/members/{memberId}/orders', 30)).toBeUndefined();
    expect(cover('/members/{id}')).toBeUndefined();
    expect(cover('/members/{memberId}')).toBeUndefined();
  });

  test('affixed parameters cover nothing; an affixed path segment is not taken by a plain parameter', () => {
    expect(cover('/files/a.json')).toBeUndefined();
    const plain = indexShadowTemplates([row('/files/{fileId}', 50)]);
    expect(coveringTemplate(plain, 'shop.example', 'GET', '/files/{id}.json', 1)).toBeUndefined();
    expect(coveringTemplate(plain, 'shop.example', 'GET', '/files/readme', 1)).toBe('/files/{fileId}');
  });

  test('a literal at least half as busy as the template is a name of the API, not a value', () => {
    expect(cover('/members/me', 20)).toBeUndefined();
    expect(cover('/members/me', 19)).toBe('/members/{memberId}');
    // Three requests decide nothing against a template of five.
    const small = indexShadowTemplates([row('/members/{memberId}', 5)]);
    expect(coveringTemplate(small, 'shop.example', 'GET', '/members/ann', 3)).toBe('/members/{memberId}');
  });

  test('what `keeps` keeps stays literal (split overrides)', () => {
    expect(coveringTemplate(index, 'shop.example', 'GET', '/members/search', 1, (t) => t === '/members/{memberId}')).toBeUndefined();
  });
});
