import { expect, test } from 'vitest';
import type { Exchange } from '../exchange';
import { createDiscoveryEngine } from './discovery-engine';

const NOW = new Date('2026-01-10T00:00:00Z');

function shadows(paths: string[], host = 'api.test'): string[] {
  const engine = createDiscoveryEngine({ specs: [], overrides: [] });
  for (const path of paths) engine.addExchange({ ts: '2026-01-01T00:00:00Z', host, method: 'GET', path, status: 200 } satisfies Exchange);
  return engine
    .result(NOW)
    .endpoints.filter((e) => e.state === 'shadow')
    .map((e) => `${e.method} ${e.path} ${e.requests}`);
}

const SIDS = ['AC0a1b2c3d4e5f60718293a4b5c6d7e8f9', 'AC1b2c3d4e5f60718293a4b5c6d7e8f90a', 'AC2c3d4e5f60718293a4b5c6d7e8f90a1b'];

test('a date first in the path that an API versions by stays literal (Twilio, AWS Lambda)', () => {
  // Before: `/{date}/Accounts/{accountId}/Messages.json`, the API's version a parameter like a day's.
  expect(shadows(SIDS.map((sid) => `/2010-04-01/Accounts/${sid}/Messages.json`))).toEqual(['GET /2010-04-01/Accounts/{accountId}/Messages.json 3']);
  // Lambda's resources each carry the date their API was introduced, years apart.
  const lambda = ['/2015-03-31/functions', '/2015-03-31/functions/my-fn', '/2018-10-31/layers', '/2019-09-25/functions/my-fn/event-invoke-config', '/2019-09-30/functions/my-fn/provisioned-concurrency', '/2021-10-31/functions/my-fn/url'];
  expect(shadows(lambda, 'lambda.us-east-1.amazonaws.com')).toEqual([
    'GET /2015-03-31/functions 1',
    'GET /2015-03-31/functions/my-fn 1',
    'GET /2018-10-31/layers 1',
    'GET /2019-09-25/functions/my-fn/event-invoke-config 1',
    'GET /2019-09-30/functions/my-fn/provisioned-concurrency 1',
    'GET /2021-10-31/functions/my-fn/url 1',
  ]);
});

test('days first in the path are one parameter, not one endpoint per day', () => {
  const days = ['2024-01-05', '2024-01-06', '2024-01-07', '2024-01-09'];
  expect(shadows(days.map((d) => `/${d}/summary`))).toEqual(['GET /{date}/summary 4']);
  // A capture over midnight: two days in a row are no two versions of an API.
  expect(shadows(['/2024-01-05/summary', '/2024-01-06/summary'])).toEqual(['GET /{date}/summary 2']);
  // With a time of day it is a moment, whatever its place.
  expect(shadows(['/2024-01-05T10:00:00Z/summary'])).toEqual(['GET /{date}/summary 1']);
  // Not first, a date stays a parameter as before; so do a blog's year, month and day.
  expect(shadows(['/reports/2024-01-05'])).toEqual(['GET /reports/{date} 1']);
  expect(shadows(['/2024/01/05/hello-world'])).toEqual(['GET /{year}/{month}/{day}/hello-world 1']);
});

test('one day first in the path, requested that day, is a {date} already (a daily log pushed file by file)', () => {
  const engine = createDiscoveryEngine({ specs: [], overrides: [] });
  engine.addExchange({ ts: '2024-01-05T23:10:00Z', host: 'api.test', method: 'GET', path: '/2024-01-05/summary', status: 200 });
  engine.addExchange({ ts: '2026-01-01T00:00:00Z', host: 'api.test', method: 'GET', path: '/2010-04-01/Accounts', status: 200 });
  // Before: a literal per day, never folded, each day's batch one more endpoint for good.
  expect(engine.result(NOW).endpoints.map((e) => e.path).sort()).toEqual(['/2010-04-01/Accounts', '/{date}/summary']);
});
