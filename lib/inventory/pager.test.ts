import { describe, expect, test } from 'vitest';
import { pagerView } from './pager';

describe('pagerView', () => {
  test('a page inside the results shows its row range', () => {
    expect(pagerView({ page: 2, pageSize: 50, total: 120 })).toEqual({ from: 51, to: 100, lastPage: 3, hasPrevious: true, hasNext: true, pastEnd: false });
    expect(pagerView({ page: 3, pageSize: 50, total: 120 })).toMatchObject({ from: 101, to: 120, hasNext: false, pastEnd: false });
  });

  test('a page past the end of matching rows is flagged, with the last page to go to', () => {
    expect(pagerView({ page: 999, pageSize: 50, total: 20 })).toEqual({ from: 0, to: 0, lastPage: 1, hasPrevious: true, hasNext: false, pastEnd: true });
    expect(pagerView({ page: 4, pageSize: 50, total: 150 })).toMatchObject({ lastPage: 3, pastEnd: true });
  });

  test('no matching rows at all is an empty result, not a page past the end', () => {
    expect(pagerView({ page: 1, pageSize: 50, total: 0 })).toEqual({ from: 0, to: 0, lastPage: 1, hasPrevious: false, hasNext: false, pastEnd: false });
    expect(pagerView({ page: 7, pageSize: 50, total: 0 }).pastEnd).toBe(false);
  });
});
