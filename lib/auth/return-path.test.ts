import { describe, expect, test } from 'vitest';
import { safeReturnPath, signInUrl, upgradingUrl } from './return-path';

describe('safeReturnPath', () => {
  test('a dashboard path with its filters, including non-ASCII, is kept', () => {
    expect(safeReturnPath('/inventory?state=shadow&q=%C3%BCml%C3%A4ut')).toBe('/inventory?state=shadow&q=%C3%BCml%C3%A4ut');
    expect(safeReturnPath('/endpoints/68ffad3b-d239-4e58-916d-14cd9d3692c0')).toBe('/endpoints/68ffad3b-d239-4e58-916d-14cd9d3692c0');
  });

  test('anything that could leave the origin, or is not a page, lands on the inventory', () => {
    for (const raw of ['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '/\tevil', '', null, undefined, '/signin', '/signin?next=/x', '/upgrading', '/upgrading?next=%2Fapis', '/api/me', `/${'a'.repeat(2001)}`]) {
      expect(safeReturnPath(raw)).toBe('/inventory');
    }
  });

  test('signInUrl carries the page to return to, and nothing for the default', () => {
    expect(signInUrl('/specs?api=payments')).toBe('/signin?next=%2Fspecs%3Fapi%3Dpayments');
    expect(signInUrl('/inventory')).toBe('/signin');
    expect(signInUrl('//evil.example')).toBe('/signin');
  });

  // The upgrade notice goes back there itself: one that returned to itself would redirect to itself for good.
  test('upgradingUrl carries the page to return to, never the notice itself', () => {
    expect(upgradingUrl('/inventory?state=shadow')).toBe('/upgrading?next=%2Finventory%3Fstate%3Dshadow');
    expect(upgradingUrl('/upgrading?next=%2Fapis')).toBe('/upgrading');
    expect(upgradingUrl('//evil.example')).toBe('/upgrading');
  });
});
