import { expect, test } from 'vitest';
import type { DiscoveryResult } from '../../lib/discovery/classify';
import { formatDiscoveryTable } from './discover-table';

const withStats = (n: number): DiscoveryResult => ({ endpoints: [], unused: [], stats: { skipped: 0, overflow: n, notFound: n, preflights: n, proxyRefused: n } });

test("discover's lines under the tables count in the singular for one (until 7 Dec: '1 requests to undocumented paths …')", () => {
  const tail = (n: number) => formatDiscoveryTable(withStats(n)).split('\n').filter((l) => /\d/.test(l) && !/\(\d+\)$/.test(l));
  expect(tail(1)).toEqual([
    '1 request to undocumented paths that only got 404/405 not listed (--include-not-found)',
    '1 CORS preflight request (OPTIONS) to undocumented paths not listed (--include-preflights)',
    '1 request a proxy refused (407, 511) not counted: the API never got them',
    'warning: 1 request dropped after the distinct-path limit',
  ]);
  expect(tail(3)).toEqual([
    '3 requests to undocumented paths that only got 404/405 not listed (--include-not-found)',
    '3 CORS preflight requests (OPTIONS) to undocumented paths not listed (--include-preflights)',
    '3 requests a proxy refused (407, 511) not counted: the API never got them',
    'warning: 3 requests dropped after the distinct-path limit',
  ]);
});
