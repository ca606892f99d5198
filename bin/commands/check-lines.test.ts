import { expect, test } from 'vitest';
import type { CheckResult } from '../../lib/db/check';
import { checkLines } from './check-lines';

const offender = (reasons: CheckResult['offenders'][number]['reasons'], path: string, requests: number) => ({ id: path, host: 'shop.test', method: 'GET', path, state: 'shadow', triage: 'new', requests, reasons });

test('one request is a request, and the reasons column is as wide as its widest list', () => {
  // Before: '(1 requests, …)', and `shadow,unauthenticated` pushed its method and path out of line with the others.
  const r: CheckResult = { api: 'shop', failOn: ['shadow', 'unauthenticated'], checked: 3, offenders: [offender(['shadow'], '/a', 1), offender(['shadow', 'unauthenticated'], '/b', 2)] };
  expect(checkLines(r)).toEqual([
    'shadow                 GET     shop.test/a  (1 request, shadow, triage new)',
    'shadow,unauthenticated GET     shop.test/b  (2 requests, shadow, triage new)',
    'shop: FAIL: 2 unresolved (3 endpoints checked for shadow, unauthenticated)',
  ]);
  // Short lists keep the 16 columns scripts have read since the command came.
  expect(checkLines({ ...r, offenders: [offender(['zombie'], '/c', 4)] })[0]).toBe('zombie           GET     shop.test/c  (4 requests, shadow, triage new)');
});
