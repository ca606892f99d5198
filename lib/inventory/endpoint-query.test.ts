import { describe, expect, test } from 'vitest';
import { endpointQuerySchema, parseInventoryFilters } from './endpoint-query';

describe('parseInventoryFilters (the dashboard reading its URL)', () => {
  test('a bad parameter is dropped on its own and the valid filters beside it still apply', () => {
    const q = parseInventoryFilters({ state: 'shadow', host: 'api.payments.example.com', page: '0' });
    expect(q.state).toBe('shadow');
    expect(q.host).toBe('api.payments.example.com');
    expect(q.page).toBe(1);
  });

  test('several bad parameters at once, including an unknown state and a NUL in the search', () => {
    const q = parseInventoryFilters({ state: 'bogus', q: 'a\0b', method: 'POST', sort: 'sideways', pageSize: '9999' });
    expect(q).toEqual(endpointQuerySchema.parse({ method: 'POST' }));
  });

  test('valid and empty URLs read as the schema reads them; non-ASCII search text is kept', () => {
    expect(parseInventoryFilters({})).toEqual(endpointQuerySchema.parse({}));
    expect(parseInventoryFilters({ q: 'ümläut/注文', page: '3' })).toMatchObject({ q: 'ümläut/注文', page: 3 });
  });

  test('the API keeps refusing the same input whole', () => {
    expect(endpointQuerySchema.safeParse({ state: 'shadow', page: '0' }).success).toBe(false);
  });
});

test('every text filter is trimmed as the search is, and blanks alone are no filter', () => {
  const q = endpointQuerySchema.parse({ q: ' orders ', host: ' api.payments.example.com\t', api: ' payments ', team: ' pay ', method: ' post ', auth: ' bearer-jwt ' });
  expect([q.q, q.host, q.api, q.team, q.method, q.auth]).toEqual(['orders', 'api.payments.example.com', 'payments', 'pay', 'post', 'bearer-jwt']);
  const blank = endpointQuerySchema.parse({ host: '  ', api: ' ', team: '\t', method: ' ', auth: '  ' });
  expect([blank.host, blank.api, blank.team, blank.method, blank.auth]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  // The limits apply to what is left: a 64-character slug with spaces around it is still a valid filter.
  expect(endpointQuerySchema.parse({ api: ` ${'a'.repeat(64)} ` }).api).toBe('a'.repeat(64));
});
