import { expect, test } from 'vitest';
import type { Exchange } from '../exchange';
import { createObservationAggregator } from './aggregate-observations';
import { agreedTemplateSpecs } from './agreed-templates';

const get = (path: string, host?: string): Exchange => ({ ts: '2026-01-01T00:00:00Z', method: 'GET', path, status: 200, ...(host ? { host } : {}) });

/** What ingest does with several inputs: templates agreed over all of them, then each input counted with them. */
function countedApart(inputs: Exchange[][], defaultHost?: string): string[][] {
  const joint = createObservationAggregator({ specs: [], defaultHost });
  for (const ex of inputs.flat()) joint.add(ex);
  const agreed = agreedTemplateSpecs(joint.result().endpoints);
  return inputs.map((input) => {
    const one = createObservationAggregator({ specs: agreed.hostless, agreedSpecs: agreed.hosted, defaultHost });
    for (const ex of input) one.add(ex);
    return one.observations().map((o) => `${o.host} ${o.method} ${o.path} ${o.evidence.requests}`);
  });
}

test('an input with one value of a template agreed over all inputs is counted under that template', () => {
  const inputs = [[get('/members/ann/orders', 't.test')], [get('/members/ben/orders', 't.test'), get('/members/cy/orders', 't.test')]];
  expect(countedApart(inputs)).toEqual([['t.test GET /members/{memberId}/orders 1'], ['t.test GET /members/{memberId}/orders 2']]);
});

test('host-less inputs given a --host use the templates agreed for that host', () => {
  // Agreed templates take only traffic naming their host: a log without Host takes `--host`'s, or it kept its lone
  // value (`/members/ann/orders`) where the inputs together agreed `{memberId}`.
  const inputs = [[get('/members/ann/orders')], [get('/members/ben/orders'), get('/members/cy/orders')]];
  expect(countedApart(inputs, 't.test')).toEqual([['t.test GET /members/{memberId}/orders 1'], ['t.test GET /members/{memberId}/orders 2']]);
});

test("host-less inputs are not counted on another input's host by a template agreed there", () => {
  const inputs = [[get('/pets'), get('/members/ann/orders')], [get('/pets', 'api.example.com'), get('/members/ben/orders', 'api.example.com'), get('/members/cy/orders', 'api.example.com')]];
  expect(countedApart(inputs)).toEqual([
    ['unknown-host GET /members/ann/orders 1', 'unknown-host GET /pets 1'],
    ['api.example.com GET /members/{memberId}/orders 2', 'api.example.com GET /pets 1'],
  ]);
});

test('host-less inputs agree among themselves, without --host', () => {
  const inputs = [[get('/members/ann/orders')], [get('/members/ben/orders'), get('/members/cy/orders')]];
  expect(countedApart(inputs)).toEqual([['unknown-host GET /members/{memberId}/orders 1'], ['unknown-host GET /members/{memberId}/orders 2']]);
});
